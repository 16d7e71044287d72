"""Claims of four deep-learning theory papers, each a declarative spec checked by one verdict engine."""
