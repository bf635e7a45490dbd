"""Hypothesis strategies for small, valid :class:`stacker.Problem` objects.

Sizes are kept so that the oracle (:mod:`oracle`) answers each example well
under a second: 0-4 commitments, up to 8 fixed gigs of 1-3 sessions, up to 3
flexible gigs with small windows. Times cluster around a few "hot spots"
(mornings, late evenings past midnight, Sunday night into Monday) so that
sessions clash with each other and with commitments often.

All money amounts are whole cents and relevances multiples of 0.1, weights
whole numbers, so that plan values are exact (see :mod:`oracle`).
"""

from __future__ import annotations

from checker import DAY, day_minutes, parse_session
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from stacker import Commitment, Gig, Limits, Problem, ProblemError, Weights

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HOT_DAYS = ("Mon", "Tue", "Sun")  # Sunday and Monday: wrap-around; Monday and Tuesday: past midnight
HOT_HOURS = (8, 9, 10, 11, 20, 21, 22, 23, 0, 1)
PAY_RATES = (0, 10, 12.5, 15, 15.99, 18, 20, 22.25)
WEEKLY_PAYS = (0, 25, 33.33, 50, 100)


def clock(minute: int, *, end: bool = False, use_24: bool = False) -> str:
    """``HH:MM`` for a minute of the day; midnight as an end may be written ``24:00``."""
    minute %= DAY
    if end and minute == 0 and use_24:
        return "24:00"
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def day_list(draw, *, max_days: int = 2) -> str:
    pool = draw(st.sampled_from((HOT_DAYS, DAYS)))
    days = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=max_days, unique=True))
    return ",".join(days)


@st.composite
def session_text(draw, *, durations=(30, 45, 60, 90, 120, 180, 240), step: int = 15, max_days: int = 2) -> str:
    """A session like ``"Mon,Sun 22:00-02:00"`` (ends at or before the start run past midnight)."""
    days = draw(day_list(max_days=max_days))
    start = draw(st.sampled_from(HOT_HOURS)) * 60 + draw(st.sampled_from(range(0, 60, step)))
    length = draw(st.sampled_from(durations))
    use_24 = draw(st.booleans())
    return f"{days} {clock(start)}-{clock(start + length, end=True, use_24=use_24)}"


def _minutes(texts) -> set[int]:
    out: set[int] = set()
    for text in texts:
        for s, e in parse_session(text):
            out.update(m % (7 * DAY) for m in range(s, e))
    return out


@st.composite
def non_overlapping_sessions(draw, *, min_size: int = 1, max_size: int = 3, avoid: set[int] | None = None, **kw):
    """1-3 session texts whose intervals do not overlap each other (nor ``avoid``)."""
    texts = draw(st.lists(session_text(**kw), min_size=min_size, max_size=max_size))
    kept: list[str] = []
    used: set[int] = set(avoid or ())
    for text in texts:
        own = _minutes([text])
        # a text naming several days must not overlap itself (e.g. "Mon,Tue 20:00-04:00" with a 24 h ...)
        total = sum(e - s for s, e in parse_session(text))
        if len(own) != total or own & used:
            continue
        kept.append(text)
        used |= own
    return kept


@st.composite
def commitments(draw, *, max_size: int = 4) -> tuple[list[Commitment], set[int]]:
    n = draw(st.integers(0, max_size))
    allow_clash = draw(st.integers(0, 19)) == 0
    out: list[Commitment] = []
    used: set[int] = set()
    for i in range(n):
        texts = draw(non_overlapping_sessions(max_size=2, avoid=None if allow_clash else used))
        if not texts:
            continue
        kind = draw(st.sampled_from(("class", "class", "volunteer", "other")))
        counts = draw(st.integers(0, 4)) > 0
        out.append(Commitment(f"c{i}", sessions=texts, kind=kind, counts_toward_cap=counts))
        used |= _minutes(texts)
    return out, used


@st.composite
def growth_and_conversion(draw) -> dict:
    """A gig's growth and conversion (most often not given: 0), values that keep money exact in cents."""
    return {"growth": draw(st.sampled_from((0, 0, 0.5, 1))), "conversion": draw(st.sampled_from((0, 0, 0.25, 1)))}


@st.composite
def weights(draw) -> Weights:
    """Weights of every quality, each sometimes 0."""
    return Weights(
        relevance_value=draw(st.sampled_from((0, 5, 10))),
        mentor_value=draw(st.sampled_from((0, 10, 25))),
        growth_value=draw(st.sampled_from((0, 0, 4))),
        conversion_value=draw(st.sampled_from((0, 0, 20))),
    )


@st.composite
def money(draw) -> dict:
    """pay_rate and/or weekly_pay, relevance, mentor, growth and conversion."""
    which = draw(st.sampled_from(("rate", "rate", "rate", "flat", "both")))
    out: dict = {
        "relevance": draw(st.integers(0, 10)) / 10,
        "mentor": draw(st.integers(0, 3)) == 0,
        **draw(growth_and_conversion()),
    }
    if which in ("rate", "both"):
        out["pay_rate"] = draw(st.sampled_from(PAY_RATES))
    if which in ("flat", "both"):
        out["weekly_pay"] = draw(st.sampled_from(WEEKLY_PAYS))
    return out


@st.composite
def fixed_gig(draw, gig_id: str, *, durations=(30, 45, 60, 90, 120, 180, 240)) -> Gig | None:
    texts = draw(non_overlapping_sessions(max_size=3, durations=durations))
    if not texts:
        return None
    return Gig(gig_id, sessions=texts, **draw(money()))


@st.composite
def flexible_gig(
    draw,
    gig_id: str,
    *,
    allow_whole_week: bool = True,
    max_windows: int = 3,
    max_window_days: int = 2,
    window_lengths=(60, 90, 120, 180, 240, 300),
) -> Gig:
    grid = draw(st.sampled_from((30, 60)))
    min_block = draw(st.sampled_from((60, 120)))
    whole_week = allow_whole_week and grid == 60 and draw(st.integers(0, 9)) == 0
    windows: list[str] = []
    if not whole_week:
        for _ in range(draw(st.integers(1, max_windows))):
            days = draw(day_list(max_days=max_window_days))
            step = draw(st.sampled_from((30, 30, 15)))  # sometimes off the grid: partial cells
            start = draw(st.sampled_from(HOT_HOURS)) * 60 + draw(st.sampled_from(range(0, 60, step)))
            length = draw(st.sampled_from(window_lengths))
            use_24 = draw(st.booleans())
            windows.append(f"{days} {clock(start)}-{clock(start + length, end=True, use_24=use_24)}")
    low_cells = -(-min_block // grid)
    if draw(st.booleans()):
        cells = draw(st.integers(low_cells, low_cells + 4))
        hours_kw = {"hours": cells * grid / 60}
    else:
        lo = draw(st.sampled_from((0, 0.5, 1, 1.5, 2, 3)))
        hi = lo + draw(st.sampled_from((0.5, 1, 2, 3)))
        first = max(-(-int(lo * 60) // grid), low_cells, 1)
        if first * grid > hi * 60:
            hi = first * grid / 60
        hours_kw = {"min_hours": lo, "max_hours": hi}
    return Gig(gig_id, windows=windows, grid=grid, min_block=min_block, **hours_kw, **draw(money()))


@st.composite
def limits(draw, committed_hours: float, committed_day_hours: float = 0.0) -> Limits:
    rare = draw(st.integers(0, 19)) == 0  # sometimes caps the commitments alone break: infeasible
    extra = draw(st.integers(0, 40)) / 2
    max_hours = extra if rare else committed_hours + extra  # rare: may be below the commitments, infeasible
    max_work = draw(st.none() | st.integers(1, 30).map(lambda k: k / 2))
    max_day = draw(st.none() | st.none() | st.integers(2, 24).map(lambda k: k / 2))
    if max_day is not None and not rare:
        max_day = min(24.0, max(max_day, committed_day_hours + draw(st.integers(0, 8)) / 2))
    return Limits(max_hours=max_hours, max_work_hours=max_work, max_day_hours=max_day)


@st.composite
def problems(
    draw,
    *,
    max_commitments: int = 4,
    min_fixed: int = 0,
    max_fixed: int = 8,
    max_flexible: int = 3,
    min_flexible: int = 0,
    allow_whole_week: bool = True,
    tiny: bool = False,
    short_sessions: bool = False,
) -> Problem:
    """A small valid problem (see the module docstring)."""
    comms, _ = draw(commitments(max_size=max_commitments))
    gigs: list[Gig] = []
    durations = (30, 45, 60, 90) if short_sessions else (30, 45, 60, 90, 120, 180, 240)
    for i in range(draw(st.integers(min_fixed, max_fixed))):
        gig = draw(fixed_gig(f"g{i}", durations=durations))
        if gig is not None:
            gigs.append(gig)
    for i in range(draw(st.integers(min_flexible, max_flexible))):
        if tiny:
            gig = flexible_gig(
                f"f{i}", allow_whole_week=False, max_windows=1, max_window_days=1, window_lengths=(60, 90, 120, 180)
            )
        else:
            gig = flexible_gig(f"f{i}", allow_whole_week=allow_whole_week)
        gigs.append(draw(gig))
    gigs = draw(st.permutations(gigs))
    counted = [iv for c in comms if c.counts_toward_cap for t in c.sessions for iv in parse_session(t)]
    committed = sum(e - s for s, e in counted) / 60
    committed_day = max(day_minutes(counted)) / 60 if counted else 0.0
    return Problem(commitments=comms, gigs=gigs, limits=draw(limits(committed, committed_day)), weights=draw(weights()))


def fixed_problems(**kw) -> st.SearchStrategy[Problem]:
    """Problems with fixed gigs only."""
    return problems(max_flexible=0, **kw)


def flexible_problems(**kw) -> st.SearchStrategy[Problem]:
    """Problems with at least one flexible gig."""
    kw.setdefault("max_fixed", 5)
    return problems(min_flexible=1, **kw)


def tiny_flexible_problems() -> st.SearchStrategy[Problem]:
    """Small enough for :func:`oracle.exhaustive_optimum` (plain enumeration)."""
    return problems(max_commitments=2, max_fixed=3, max_flexible=2, min_flexible=1, tiny=True)


def dense_fixed_problems() -> st.SearchStrategy[Problem]:
    """Many short fixed gigs crowding the same hours: many cliques, binding caps (up to 2^10 subsets)."""
    return problems(min_fixed=6, max_fixed=10, max_flexible=0, short_sessions=True)


def dense_mixed_problems() -> st.SearchStrategy[Problem]:
    """Several fixed gigs and 2-3 flexible gigs competing for the same hours."""
    return problems(min_fixed=3, max_fixed=8, min_flexible=2, max_flexible=3, short_sessions=True)


@st.composite
def _zone(draw) -> tuple[int, int, int]:
    """(day, start minute of day, length): a stretch of the week that gigs fight over."""
    day = draw(st.sampled_from(range(7)))
    start = draw(st.sampled_from((9 * 60, 13 * 60, 21 * 60, 22 * 60 + 30)))
    length = draw(st.sampled_from((180, 240, 300)))
    return day, start, length


def _text_in(zone, offset: int, length: int, *, use_24: bool = False) -> str:
    day, start, _ = zone
    begin = start + offset
    day = (day + begin // DAY) % 7
    begin %= DAY
    return f"{DAYS[day]} {clock(begin)}-{clock(begin + length, end=True, use_24=use_24)}"


@st.composite
def contested_problems(draw) -> Problem:
    """Fixed gigs and commitments cut the windows of flexible gigs into pieces.

    The hours of the flexible gigs often fit the windows in total but not in
    blocks of ``min_block`` around the fixed gigs taken: the cases where a
    plan's hours exist but no placement does.
    """
    zones = draw(st.lists(_zone(), min_size=1, max_size=2))
    used: set[int] = set()
    comms: list[Commitment] = []
    for i in range(draw(st.integers(0, 2))):
        zone = draw(st.sampled_from(zones))
        text = _text_in(zone, draw(st.sampled_from(range(0, zone[2] - 30, 30))), draw(st.sampled_from((30, 60))))
        if _minutes([text]) & used:
            continue
        used |= _minutes([text])
        comms.append(Commitment(f"c{i}", sessions=[text], kind=draw(st.sampled_from(("class", "volunteer")))))
    gigs: list[Gig] = []
    for i in range(draw(st.integers(1, 6))):
        texts, mine = [], set()
        for _ in range(draw(st.integers(1, 2))):
            zone = draw(st.sampled_from(zones))
            text = _text_in(
                zone,
                draw(st.sampled_from(range(0, zone[2] - 15, 15))),
                draw(st.sampled_from((30, 45, 60, 90))),
                use_24=draw(st.booleans()),
            )
            if not _minutes([text]) & mine:
                texts.append(text)
                mine |= _minutes([text])
        gigs.append(Gig(f"g{i}", sessions=texts, **draw(money())))
    for i in range(draw(st.integers(1, 3))):
        grid = draw(st.sampled_from((30, 60)))
        min_block = draw(st.sampled_from((60, 120, 180)))
        windows = [_text_in(z, 0, z[2]) for z in draw(st.lists(st.sampled_from(zones), min_size=1, unique=True))]
        cells = draw(st.integers(min_block // grid, min_block // grid + 6 * 60 // grid))
        if draw(st.booleans()):
            hours_kw = {"hours": cells * grid / 60}
        else:
            hours_kw = {
                "min_hours": cells * grid / 60,
                "max_hours": cells * grid / 60 + draw(st.sampled_from((0.5, 1, 2))),
            }
        gigs.append(Gig(f"f{i}", windows=windows, grid=grid, min_block=min_block, **hours_kw, **draw(money())))
    gigs = draw(st.permutations(gigs))
    max_day = draw(st.none() | st.none() | st.integers(4, 16).map(lambda k: k / 2))
    max_work = draw(st.none() | st.none() | st.integers(4, 24).map(lambda k: k / 2))
    counted = [iv for c in comms for t in c.sessions for iv in parse_session(t)]
    committed_day = max(day_minutes(counted)) / 60 if counted else 0.0
    if max_day is not None:
        max_day = min(24.0, max(max_day, committed_day))
    return Problem(
        commitments=comms,
        gigs=gigs,
        limits=Limits(max_hours=40, max_work_hours=max_work, max_day_hours=max_day),
        weights=draw(weights()),
    )


# --------------------------------------------------------------------------- what-if questions

# Hypothesis settings of the optimality tests (tests/test_optimality.py, tests/test_rules.py): derandomized.
PROPERTY = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# Hypothesis settings of the what-if tests (tests/analysis/, tests/test_pins_and_priorities.py): few, derandomized examples.
WHAT_IF = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def pinned(draw, base=None):
    """A fixed-gig problem with some gigs required and some forbidden."""
    problem = draw(dense_fixed_problems() if base is None else base)
    ids = [g.id for g in problem.gigs]
    require = draw(st.lists(st.sampled_from(ids), max_size=1)) if ids else []
    rest = [i for i in ids if i not in require]
    forbid = draw(st.lists(st.sampled_from(rest), max_size=2, unique=True)) if rest else []
    return problem.replace(require=require, forbid=forbid)


@st.composite
def tradeoffs(draw):
    """5-8 fixed gigs competing for a few slots and a work cap, pay and relevance pulling apart."""
    slots = ["Mon 09:00-11:00", "Tue 14:00-17:00", "Wed 09:00-10:30", "Thu 18:00-21:00", "Sat 10:00-14:00"]
    others = ["Mon 10:00-12:00", "Tue 16:00-18:00", "Fri 08:00-12:00"]
    gigs = []
    for i in range(draw(st.integers(5, 8))):
        sessions = [draw(st.sampled_from(slots))]
        if draw(st.booleans()):
            sessions.append(draw(st.sampled_from(others)))
        money = {
            "pay_rate": draw(st.sampled_from([12, 15, 18.5, 22, 30, 40])),
            "relevance": draw(st.sampled_from([0.0, 0.2, 0.5, 0.8, 1.0])),
            "mentor": draw(st.booleans()),
            "growth": draw(st.sampled_from([0.0, 0.5, 1.0])),
            "conversion": draw(st.sampled_from([0.0, 0.25, 1.0])),
        }
        try:
            gigs.append(Gig(f"g{i}", sessions=sessions, **money))
        except ProblemError:  # its two sessions overlap
            gigs.append(Gig(f"g{i}", sessions=sessions[:1], **money))
    limits = Limits(max_hours=40, max_work_hours=draw(st.sampled_from([4, 6, 8, 12, None])))
    return Problem(gigs=gigs, limits=limits, commitments=[Commitment("MATH", sessions=["Wed 10:00-11:00"])])


# --------------------------------------------------------------------------- broken files


@st.composite
def edited_lines(draw, source: bytes, tokens: list[bytes]) -> bytes:
    """``source`` (lines ending in CRLF, as a calendar's) with a few lines replaced, dropped, repeated or edited,
    the new text drawn from ``tokens``."""
    lines = source.split(b"\r\n")
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["value", "drop", "repeat", "edit"]))
        if edit == "value" and b":" in lines[at]:
            lines[at] = lines[at].partition(b":")[0] + b":" + draw(st.sampled_from(tokens))
        elif edit == "drop" and len(lines) > 1:
            del lines[at]
        elif edit == "repeat":
            lines.insert(at, lines[draw(st.integers(0, len(lines) - 1))])
        elif lines[at]:
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + draw(st.sampled_from(tokens)) + lines[at][cut + draw(st.integers(0, 3)) :]
    return b"\r\n".join(lines)


# --------------------------------------------------------------------------- travel time between places

PLACES = ("campus", "downtown", "mall")


@st.composite
def with_places(draw, base: st.SearchStrategy[Problem]) -> Problem:
    """A problem of ``base`` whose commitments and gigs are at places (or remote), with a travel table."""
    problem = draw(base)
    where = st.sampled_from((*PLACES, "remote", None))
    commitments = [c.replace(location=draw(where)) for c in problem.commitments]
    gigs = [g.replace(location=draw(where)) for g in problem.gigs]
    minutes = st.sampled_from((0, 10, 15, 20, 30, 35, 45, 60, 90))
    between = [
        {"from": a, "to": b, "minutes": draw(minutes)} for a in PLACES for b in PLACES if a != b and draw(st.booleans())
    ]
    travel = {"between": between} | ({"default": draw(minutes)} if draw(st.booleans()) else {})
    return problem.replace(commitments=commitments, gigs=gigs, rules=problem.rules.replace(travel=travel))


@st.composite
def travel_problems(draw, *, max_commitments: int = 2, max_fixed: int = 5, max_flexible: int = 2) -> Problem:
    """A crowded Monday (08:00-16:00) at places: classes, fixed gigs and flexible gigs close enough for travel.

    Sessions start on a 5-minute grid, so gaps shorter than the travel
    minutes (and just long enough) are common.
    """

    def session() -> tuple[int, int]:
        start = draw(st.integers(8 * 12, 14 * 12)) * 5
        return start, start + draw(st.sampled_from((30, 45, 50, 60, 90)))

    def text(interval: tuple[int, int]) -> str:
        return f"Mon {clock(interval[0])}-{clock(interval[1], end=True)}"

    taken: list[tuple[int, int]] = []
    comms = []
    for i in range(draw(st.integers(0, max_commitments))):
        iv = session()
        if all(iv[1] <= s or e <= iv[0] for s, e in taken):
            taken.append(iv)
            comms.append(Commitment(f"c{i}", sessions=[text(iv)]))
    gigs = [Gig(f"g{i}", sessions=[text(session())], **draw(money())) for i in range(draw(st.integers(1, max_fixed)))]
    for i in range(draw(st.integers(0, max_flexible))):
        grid = draw(st.sampled_from((15, 30)))
        block = draw(st.sampled_from((30, 60)))
        start = draw(st.integers(8 * 4, 12 * 4)) * 15
        window = f"Mon {clock(start)}-{clock(start + draw(st.sampled_from((120, 180, 240))), end=True)}"
        gigs.append(
            Gig(f"f{i}", hours=draw(st.sampled_from((1, 1.5, 2))), windows=[window], grid=grid, min_block=block,
                **draw(money()))
        )  # fmt: skip
    return draw(with_places(st.just(Problem(commitments=comms, gigs=gigs))))


@st.composite
def counted_travel(draw, base: st.SearchStrategy[Problem]) -> Problem:
    """A problem of ``base`` whose travel counts (``rules.travel_counts``): its items mostly at places, every two
    places some minutes apart (the table not always metric), under caps tight enough that the travel often
    decides: max_hours and max_day_hours a little above the commitments', sometimes max_work_hours (which
    travel does not count toward)."""
    problem = draw(base)
    where = st.sampled_from((*PLACES, *PLACES, "remote"))  # mostly at places, so that there is travel to count
    minutes = st.sampled_from((10, 15, 20, 30, 35, 45, 60))
    between = [
        {"from": a, "to": b, "minutes": draw(minutes)} for a in PLACES for b in PLACES if a < b and draw(st.booleans())
    ]
    problem = problem.replace(
        commitments=[c.replace(location=draw(where)) for c in problem.commitments],
        gigs=[g.replace(location=draw(where)) for g in problem.gigs],
        rules=problem.rules.replace(travel={"default": draw(minutes), "between": between}),
    )
    counted = [iv for c in problem.commitments if c.counts_toward_cap for s in c.sessions for iv in parse_session(s)]
    per_day = day_minutes(counted)
    day = draw(st.sampled_from((None, *(k / 4 for k in range(2, 13)))))
    week = draw(st.sampled_from((40, *(k / 4 for k in range(2, 17)))))
    work = draw(st.sampled_from((None, None, 1, 2)))
    limits = problem.limits.replace(
        max_hours=sum(per_day) / 60 + week,
        max_day_hours=None if day is None else max(per_day) / 60 + day,
        max_work_hours=work,
    )
    return problem.replace(limits=limits, rules=problem.rules.replace(travel_counts=True))
