"""kernels.matrices: the measured quantities against cases with known answers, and the families' contracts."""
from __future__ import annotations

import numpy as np
import pytest

from kernels import matrices as mx
from kernels.errors import InputError

EPS = float(np.finfo(float).eps)


def _floor(n: int, scale: float) -> float:
    """n eps ||A||: what a backward-stable symmetric eigensolver guarantees (Golub & Van Loan, Sec. 8.3), times 4
    for its constant; ``scale`` bounds ||A||_2 (the Frobenius norm, or the largest |eigenvalue|)."""
    return 4 * n * EPS * scale


def test_column_distances_of_orthogonal_columns():
    Q, _ = np.linalg.qr(np.random.default_rng(0).standard_normal((6, 6)))
    cd = mx.column_distances(2.5 * Q[:, :4])          # equal-norm orthogonal columns: every distance is 2.5
    assert (cd.n, cd.m) == (6, 4)
    assert cd.distances == pytest.approx([2.5] * 4, rel=1e-13)
    assert cd.sigma_min == pytest.approx(2.5, rel=1e-13) and cd.sigma_max == pytest.approx(2.5, rel=1e-13)
    A = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])   # two equal columns: distance 0 for both
    cd = mx.column_distances(A)
    assert cd.distances[0] == pytest.approx(0.0, abs=1e-15) and cd.argmin_column in (0, 1)
    assert mx.column_distances(np.array([[3.0], [4.0]])).distances == [5.0]


def test_gershgorin_and_weyl_known_cases():
    ge = mx.gershgorin_excess(np.ones((5, 5)))          # eigenvalue 5 on the boundary of D(1, 4)
    assert ge.n == 5 and abs(ge.max_excess) <= _floor(5, ge.frobenius) and ge.frobenius == pytest.approx(5.0)
    ge = mx.gershgorin_excess(np.diag([1.0, -2.0]))
    assert abs(ge.max_excess) <= _floor(2, ge.frobenius)
    wm = mx.weyl_margin(np.diag([3.0, 1.0, -2.0]), np.diag([2.0, 0.0, -1.0]))
    assert wm.n == 3 and abs(wm.min_margin) <= 3 * _floor(3, wm.scale)   # lambda_1(A+B) = 3 + 2: equality
    assert wm.inequalities == 12 and wm.scale == pytest.approx(5.0)   # 6 upper + 6 lower pairs for n = 3
    rng = np.random.default_rng(1)
    for _ in range(5):
        A, B = mx.hermitian_pair("complex", 6, rng)
        wm = mx.weyl_margin(A, B)
        assert wm.min_margin >= -3 * _floor(6, wm.scale)     # three eigensolves (A, B, A + B), each within its floor


@pytest.mark.parametrize("family", mx.RECTANGULAR_FAMILIES)
def test_rectangular_families(family):
    A = mx.rectangular(family, 6, 4, np.random.default_rng(2))
    assert A.shape == (6, 4) and np.all(np.isfinite(A))
    if family == "duplicate":
        assert np.array_equal(A[:, 0], A[:, -1])


@pytest.mark.parametrize("family", mx.SQUARE_FAMILIES)
def test_square_families_satisfy_gershgorin(family):
    A = mx.square(family, 5, np.random.default_rng(3))
    assert A.shape == (5, 5)
    ge = mx.gershgorin_excess(A)
    assert ge.max_excess <= 1e-9 * max(ge.frobenius, 1.0)


@pytest.mark.parametrize("family", mx.HERMITIAN_PAIR_FAMILIES)
def test_hermitian_pair_families_are_hermitian(family):
    A, B = mx.hermitian_pair(family, 5, np.random.default_rng(4))
    assert np.allclose(A, A.conj().T) and np.allclose(B, B.conj().T)


def test_unknown_family_names_the_parameter():
    for call in (lambda: mx.rectangular("x", 2, 2, np.random.default_rng(0)),
                 lambda: mx.square("x", 2, np.random.default_rng(0)),
                 lambda: mx.hermitian_pair("x", 2, np.random.default_rng(0))):
        with pytest.raises(InputError) as exc:
            call()
        assert exc.value.parameter == "family"
