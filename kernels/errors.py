"""The one exception type for bad input, naming the parameter and what is allowed."""


class InputError(ValueError):
    """Bad input: ``parameter`` names what was wrong, the message says what is allowed."""

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(f"{parameter}: {message}")
