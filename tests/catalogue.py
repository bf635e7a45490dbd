"""The catalogue: small named problems whose optimum is worked out by hand (the reasoning next to each).

One catalogue, read by stacker's tests (tests/test_optimality.py: stacker and the oracle must both reach
each optimum) and by the benchmark baselines' tests (tests/test_baseline_catalogue.py: every exact baseline must
reach it too, and greedy must not claim more), so that a method that drifts is caught on cases a person can
check. Each entry is ``name -> (problem, optimum)``; values are money-equivalents per week.

Add an entry with the optimum worked out in a comment, never computed by the code under test.

``TRAVEL_CATALOGUE`` (at the end) holds the worked cases of the rules' travel time, apart: the baselines do
not model travel; tests/test_travel.py checks stacker and the oracle against them.
"""

from __future__ import annotations

from stacker import Commitment, Gig, Limits, Problem, Rules, Weights

NO_WEIGHTS = Weights(relevance_value=0, mentor_value=0)

CATALOGUE: dict[str, tuple[Problem, float]] = {}


def _entry(name: str, problem: Problem, value: float) -> None:
    CATALOGUE[name] = (problem, value)


# Fri 22:00-02:00 runs into Saturday and clashes with Sat 01:00-03:00.
# night 4 h x 20 = 80, early 2 h x 30 = 60, late 2 h x 10 = 20 (touches night, no clash).
# Best: night + late = 100 (early + late = 80; night + early clash). Ignoring midnight would give 160.
_entry(
    "midnight crossing",
    Problem(
        commitments=[Commitment("MATH", sessions=["Tue 09:00-10:00"])],
        gigs=[
            Gig("night", pay_rate=20, sessions=["Fri 22:00-02:00"]),
            Gig("early", pay_rate=30, sessions=["Sat 01:00-03:00"]),
            Gig("late", pay_rate=10, sessions=["Fri 20:00-22:00"]),
        ],
        weights=NO_WEIGHTS,
    ),
    100.0,
)

# The class Mon 00:30-02:00 excludes 'sun' (Sun 23:00-01:00 wraps onto it).
# sun2 Sun 22:00-00:00 = 2 h x 20 = 40; mon Mon 00:00-00:30 flat 15; both fit together (55).
# wrap Sun 23:30-00:15 = 0.75 h x 100 = 75 clashes with sun2 and, across the wrap, with mon.
# Best: wrap alone = 75. Without the wrap wrap+mon would look like 90.
_entry(
    "sunday night wraps to monday",
    Problem(
        commitments=[Commitment("LAB", sessions=["Mon 00:30-02:00"])],
        gigs=[
            Gig("sun", pay_rate=50, sessions=["Sun 23:00-01:00"]),
            Gig("sun2", pay_rate=20, sessions=["Sun 22:00-00:00"]),
            Gig("mon", weekly_pay=15, sessions=["Mon 00:00-00:30"]),
            Gig("wrap", pay_rate=100, sessions=["Sun 23:30-00:15"]),
        ],
        weights=NO_WEIGHTS,
    ),
    75.0,
)

# 'a' Wed 20:00-24:00 (4 h x 10 = 40) touches 'b' Thu 00:00-02:00 (2 h x 10 = 20): both, 60.
# 'c' Wed 23:00-00:00 (= 23:00-24:00, 1 h x 30 = 30) clashes with 'a': c + b = 50. Best 60.
_entry(
    "24:00 ends",
    Problem(
        commitments=[Commitment("GYM", kind="other", sessions=["Thu 02:00-03:00"])],
        gigs=[
            Gig("a", pay_rate=10, sessions=["Wed 20:00-24:00"]),
            Gig("b", pay_rate=10, sessions=["Thu 00:00-02:00"]),
            Gig("c", pay_rate=30, sessions=["Wed 23:00-00:00"]),
        ],
        weights=NO_WEIGHTS,
    ),
    60.0,
)

# x and y clash and are worth the same (2 h x 15 = 30); z (30) fits with either. Best 60, two optimal plans.
_entry(
    "tie between equal-value gigs",
    Problem(
        gigs=[
            Gig("x", pay_rate=15, sessions=["Mon 10:00-12:00"]),
            Gig("y", pay_rate=15, sessions=["Mon 11:00-13:00"]),
            Gig("z", pay_rate=15, sessions=["Tue 11:00-13:00"]),
        ],
        weights=NO_WEIGHTS,
    ),
    60.0,
)

_entry(
    "empty gig pool",
    Problem(commitments=[Commitment("MATH", sessions=["Mon,Wed,Fri 09:00-09:50"])]),
    0.0,
)

# Every gig clashes with a commitment or is over a cap on its own: nothing to take, value 0.
_entry(
    "all gigs excluded",
    Problem(
        commitments=[Commitment("MATH", sessions=["Mon,Wed 09:00-11:00"])],
        gigs=[
            Gig("clash", pay_rate=20, sessions=["Mon 10:00-12:00"]),
            Gig("long", pay_rate=20, sessions=["Tue 08:00-16:00"]),  # 8 h > 2 h left under max_hours
            Gig("flex", pay_rate=20, hours=2, windows=["Wed 09:00-11:00"]),  # window entirely in class
        ],
        limits=Limits(max_hours=6),
    ),
    0.0,
)

# max_day_hours 3. n Mon 22:00-02:00 = 2 h on Mon + 2 h on Tue, x 20 = 80; t Tue 08:00-10:00 = 2 h x 25 = 50;
# m Mon 08:00-09:00 = 1 h x 10 = 10. Tue: n + t = 4 h > 3, so not both; Mon: n + m = 3 h ok.
# Best: n + m = 90 (t + m = 60). Counting n all on Monday would forbid n + m.
_entry(
    "max_day_hours binding across midnight",
    Problem(
        gigs=[
            Gig("n", pay_rate=20, sessions=["Mon 22:00-02:00"]),
            Gig("t", pay_rate=25, sessions=["Tue 08:00-10:00"]),
            Gig("m", pay_rate=10, sessions=["Mon 08:00-09:00"]),
        ],
        limits=Limits(max_day_hours=3),
        weights=NO_WEIGHTS,
    ),
    90.0,
)

# Window Wed 09:00-13:00 split by a class 10:00-11:00: room 1 h + 2 h. 1-3 h in blocks of >= 60 min:
# 09:00-10:00 and 11:00-13:00, 3 h x 20 = 60.
_entry(
    "flexible gig split by a class",
    Problem(
        commitments=[Commitment("CHEM", sessions=["Wed 10:00-11:00"])],
        gigs=[Gig("flex", pay_rate=20, min_hours=1, max_hours=3, windows=["Wed 09:00-13:00"], min_block=60)],
        weights=NO_WEIGHTS,
    ),
    60.0,
)

# Same, but 2 h in blocks of >= 120 min: only 11:00-13:00 holds it. 2 h x 20 = 40.
_entry(
    "flexible gig: only one piece holds a min block",
    Problem(
        commitments=[Commitment("CHEM", sessions=["Wed 10:00-11:00"])],
        gigs=[Gig("flex", pay_rate=20, hours=2, windows=["Wed 09:00-13:00"], min_block=120)],
        weights=NO_WEIGHTS,
    ),
    40.0,
)

# 3 h in blocks of >= 120 min: the room is 1 h + 2 h, so the gig cannot be taken (excluded): 0.
_entry(
    "flexible gig: split room too small",
    Problem(
        commitments=[Commitment("CHEM", sessions=["Wed 10:00-11:00"])],
        gigs=[Gig("flex", pay_rate=20, hours=3, windows=["Wed 09:00-13:00"], min_block=120)],
        weights=NO_WEIGHTS,
    ),
    0.0,
)

# Window Sun 23:00-01:00 wraps to Monday; 2 h in one block of >= 120 min must run Sun 23:00 -> Mon 01:00.
# 2 h x 20 = 40 (relevance 0.5 x 10 = +5/h -> 50) + mentor 25 = 75.
_entry(
    "flexible block across the week's end",
    Problem(
        gigs=[
            Gig(
                "wrapflex", pay_rate=20, relevance=0.5, mentor=True, hours=2, windows=["Sun 23:00-01:00"], min_block=120
            ),
        ],
    ),
    75.0,
)

# Flexible gig f (25/h, 1-4 h, min block 60, window Tue 20:00-02:00) under max_day_hours 2:
# at most 2 h on Tue and 2 h on Wed, e.g. Tue 22:00-24:00 + Wed 00:00-02:00, 4 h x 25 = 100. The fixed 'w' Wed 08:00-09:00 (30) would take 1 h of
# Wednesday: f 3 h + w = 75 + 30 = 105 > 100. Best 105.
_entry(
    "flexible gig under a day cap across midnight",
    Problem(
        gigs=[
            Gig("f", pay_rate=25, min_hours=1, max_hours=4, windows=["Tue 20:00-02:00"]),
            Gig("w", pay_rate=30, sessions=["Wed 08:00-09:00"]),
        ],
        limits=Limits(max_day_hours=2),
        weights=NO_WEIGHTS,
    ),
    105.0,
)

# The volunteer shift does not count toward the caps: max_hours 4 leaves all 4 h for gigs.
# a 3 h x 20 = 60, b 2 h x 25 = 50, c 1 h x 15 = 15: best under 4 h: a + c = 75 (b + c = 65, a + b = 5 h).
_entry(
    "commitment not counting toward the cap",
    Problem(
        commitments=[Commitment("FOOD", kind="volunteer", sessions=["Sat 09:00-17:00"], counts_toward_cap=False)],
        gigs=[
            Gig("a", pay_rate=20, sessions=["Mon 09:00-12:00"]),
            Gig("b", pay_rate=25, sessions=["Tue 09:00-11:00"]),
            Gig("c", pay_rate=15, sessions=["Wed 09:00-10:00"]),
        ],
        limits=Limits(max_hours=4),
        weights=NO_WEIGHTS,
    ),
    75.0,
)


# --- the student's rules and the rest of the criteria (one case each) ---

# Quiet hours 22:00-08:00: 'late' Fri 21:00-23:00 (80) and 'early' Mon 07:00-09:00 (60) have a session minute in
# them: excluded. 'flex' 2 h in Tue 20:00-24:00 fits only in 20:00-22:00: 2 h x 20 = 40; 'day' Wed 10:00-12:00 = 20.
# Best 60 (without the rule 80 + 60 + 40 + 20 = 200).
_entry(
    "rules: quiet hours",
    Problem(
        gigs=[
            Gig("late", pay_rate=40, sessions=["Fri 21:00-23:00"]),
            Gig("early", pay_rate=30, sessions=["Mon 07:00-09:00"]),
            Gig("flex", pay_rate=20, hours=2, windows=["Tue 20:00-24:00"]),
            Gig("day", pay_rate=10, sessions=["Wed 10:00-12:00"]),
        ],
        rules=Rules(quiet_hours=["22:00-08:00"]),
        weights=NO_WEIGHTS,
    ),
    60.0,
)

# Sundays off: 'sun' Sun 10:00-14:00 (200) is out, and so is 'satnight' Sat 22:00-02:00 (it runs into Sunday).
# 'flex' (1-4 h in Sat,Sun 10:00-12:00) gets Saturday's 2 h x 15 = 30; 'mon' Mon 09:00-10:00 = 10. Best 40.
_entry(
    "rules: days off",
    Problem(
        gigs=[
            Gig("sun", pay_rate=50, sessions=["Sun 10:00-14:00"]),
            Gig("satnight", pay_rate=20, sessions=["Sat 22:00-02:00"]),
            Gig("flex", pay_rate=15, min_hours=1, max_hours=4, windows=["Sat,Sun 10:00-12:00"]),
            Gig("mon", pay_rate=10, sessions=["Mon 09:00-10:00"]),
        ],
        rules=Rules(days_off=["Sun"]),
        weights=NO_WEIGHTS,
    ),
    40.0,
)

# A Student visa forbids self-employment: 'freelance' Mon 10:00-12:00 (80, field contractor) is out, which frees
# 'campus' Mon 11:00-13:00 (2 h x 15 = 30); 'desk' 2 h x 12 = 24. Best 54 (without the rule freelance + desk = 104).
_entry(
    "rules: forbidden fields",
    Problem(
        gigs=[
            Gig("freelance", pay_rate=40, sessions=["Mon 10:00-12:00"], fields=["contractor"]),
            Gig("campus", pay_rate=15, sessions=["Mon 11:00-13:00"]),
            Gig("desk", pay_rate=12, hours=2, windows=["Tue 09:00-12:00"], fields=["admin"]),
        ],
        rules=Rules(forbid_fields=["contractor"]),
        weights=NO_WEIGHTS,
    ),
    54.0,
)

# At most 2 gigs: a 2 h x 20 = 40, b 3 h x 10 = 30, c 1 h x 25 = 25, d 2 h x 12 = 24, none clashing.
# The best two: a + b = 70 (all four would be 119).
_entry(
    "rules: max_gigs",
    Problem(
        gigs=[
            Gig("a", pay_rate=20, sessions=["Mon 09:00-11:00"]),
            Gig("b", pay_rate=10, sessions=["Tue 09:00-12:00"]),
            Gig("c", pay_rate=25, sessions=["Wed 09:00-10:00"]),
            Gig("d", pay_rate=12, hours=2, windows=["Thu 09:00-17:00"]),
        ],
        rules=Rules(max_gigs=2),
        weights=NO_WEIGHTS,
    ),
    70.0,
)

# growth_value 10 (per hour at growth 1), conversion_value 30 (once per gig at conversion 1), no other weights.
# g1 Mon 09:00-11:00: 2 h x (15 + 10 x 0.5) = 40. g2 Mon 10:00-12:00: 2 h x 10 + 30 x 1 = 50; they clash: g2.
# g3 1 h in Tue 09:00-10:00: 1 h x (10 + 10 x 1) + 30 x 0.5 = 35. Best g2 + g3 = 85.
_entry(
    "growth and conversion weights",
    Problem(
        gigs=[
            Gig("g1", pay_rate=15, growth=0.5, sessions=["Mon 09:00-11:00"]),
            Gig("g2", pay_rate=10, conversion=1, sessions=["Mon 10:00-12:00"]),
            Gig("g3", pay_rate=10, growth=1, conversion=0.5, hours=1, windows=["Tue 09:00-10:00"]),
        ],
        weights=Weights(relevance_value=0, mentor_value=0, growth_value=10, conversion_value=30),
    ),
    85.0,
)

# Rent 50 a week, relevance worth 30 an hour. a Mon 09:00-11:00: 2 h x (10 + 30) = 80, pays 20; b Mon 10:00-12:00
# (clashes with a): 2 h x 30 = 60, pays 60; c Tue 09:00-10:00: 1 h x (5 + 30) = 35, pays 5. Without the rent
# a + c = 115 (pays 25 < 50); the plans that pay 50 hold b: b + c = 95 (pays 65). Best 95.
_entry(
    "min_week_pay",
    Problem(
        gigs=[
            Gig("a", pay_rate=10, relevance=1, sessions=["Mon 09:00-11:00"]),
            Gig("b", pay_rate=30, sessions=["Mon 10:00-12:00"]),
            Gig("c", pay_rate=5, relevance=1, sessions=["Tue 09:00-10:00"]),
        ],
        limits=Limits(min_week_pay=50),
        weights=Weights(relevance_value=30, mentor_value=0),
    ),
    95.0,
)

# At least 5 h of gig work. x Mon 09:00-10:00 pays 50 a week (1 h); z Mon 09:30-13:30 (clashes with x) 4 h x 10 =
# 40; y Tue 09:00-12:00 3 h x 5 = 15. Without the minimum x + y = 65 (4 h); with it z + y = 55 (7 h). Best 55.
_entry(
    "min_work_hours",
    Problem(
        gigs=[
            Gig("x", weekly_pay=50, sessions=["Mon 09:00-10:00"]),
            Gig("z", pay_rate=10, sessions=["Mon 09:30-13:30"]),
            Gig("y", pay_rate=5, sessions=["Tue 09:00-12:00"]),
        ],
        limits=Limits(min_work_hours=5),
        weights=NO_WEIGHTS,
    ),
    55.0,
)


# --------------------------------------------------------------------------- travel time between places
#
# Worked cases of the rules' travel time, in a catalogue of their own: the benchmark baselines do not model
# travel (tests/test_travel.py checks stacker and the oracle against these).

TRAVEL_CATALOGUE: dict[str, tuple[Problem, float]] = {}
TRAVEL = {"default": 20, "between": [{"from": "campus", "to": "downtown", "minutes": 35}]}

# MATH 201 on campus ends Mon 09:50. tutor downtown at 10:05 has 15 min of the 35 needed: excluded.
# lab on campus at 10:00 needs no travel: 1 h x 20 = 20. (Without travel tutor, 55 min x 30 = 27.50, would win.)
TRAVEL_CATALOGUE["a gig downtown too soon after a class on campus"] = (
    Problem(
        commitments=[Commitment("MATH 201", sessions=["Mon 09:00-09:50"], location="campus")],
        gigs=[
            Gig("tutor", pay_rate=30, sessions=["Mon 10:05-11:00"], location="downtown"),
            Gig("lab", pay_rate=20, sessions=["Mon 10:00-11:00"], location="campus"),
        ],
        rules=Rules(travel=TRAVEL),
        weights=NO_WEIGHTS,
    ),
    20.0,
)

# a campus Tue 10:00-11:00 = 20; b downtown 11:30-12:00 = 0.5 h x 60 = 30 (30 min after a: 35 needed);
# c downtown 11:40-12:40 = 24 (40 min after a: fine; overlaps b). a + c = 44 > b alone 30. (Without travel a + b = 50.)
TRAVEL_CATALOGUE["two fixed gigs that cannot keep the gap"] = (
    Problem(
        gigs=[
            Gig("a", pay_rate=20, sessions=["Tue 10:00-11:00"], location="campus"),
            Gig("b", pay_rate=60, sessions=["Tue 11:30-12:00"], location="downtown"),
            Gig("c", pay_rate=24, sessions=["Tue 11:40-12:40"], location="downtown"),
        ],
        rules=Rules(travel=TRAVEL),
        weights=NO_WEIGHTS,
    ),
    44.0,
)

# Both directions given: campus -> downtown 35, downtown -> campus 10. a downtown Wed 09:00-10:00 = 10;
# b campus 10:15-11:00 = 0.75 h x 40 = 30 (15 min after a: 10 needed, fine); c downtown 11:20-12:00 = 20
# (20 min after b: 35 needed). a + b = 40 beats a + c = 30 and b alone.
TRAVEL_CATALOGUE["travel one way longer than the other"] = (
    Problem(
        gigs=[
            Gig("a", pay_rate=10, sessions=["Wed 09:00-10:00"], location="downtown"),
            Gig("b", pay_rate=40, sessions=["Wed 10:15-11:00"], location="campus"),
            Gig("c", pay_rate=30, sessions=["Wed 11:20-12:00"], location="downtown"),
        ],
        rules=Rules(
            travel={
                "between": [
                    {"from": "campus", "to": "downtown", "minutes": 35},
                    {"from": "downtown", "to": "campus", "minutes": 10},
                ]
            }
        ),
        weights=NO_WEIGHTS,
    ),
    40.0,
)

# flex downtown (2 h x 10 = 20, windows Mon 09:00-12:30, 15-min grid) may start at 10:30 at the earliest (35 min
# after MATH on campus ends at 09:50, on the grid), so it ends at 12:30 at the earliest; the cafe at the mall
# (12:40-13:10, 0.5 h x 60 = 30) would start 10 min after it, where the default travel is 20. online (remote,
# 10:00-10:30, 0.5 h x 20 = 10) needs no travel. online + cafe = 40 beats flex + online = 30 (flex + cafe cannot
# both be). Without travel all three: 60.
TRAVEL_CATALOGUE["a flexible block waits for the travel"] = (
    Problem(
        commitments=[Commitment("MATH", sessions=["Mon 09:00-09:50"], location="campus")],
        gigs=[
            Gig("flex", pay_rate=10, hours=2, windows=["Mon 09:00-12:30"], grid=15, location="downtown"),
            Gig("online", pay_rate=20, sessions=["Mon 10:00-10:30"], location="remote"),
            Gig("cafe", pay_rate=60, sessions=["Mon 12:40-13:10"], location="mall"),
        ],
        rules=Rules(travel=TRAVEL),
        weights=NO_WEIGHTS,
    ),
    40.0,
)

# Counted travel (rules.travel_counts: true): travel minutes count toward max_hours and max_day_hours
# (tests/test_travel_counts.py checks that each value is lower than with travel_counts false).

# MATH 201 on campus Mon 09:00-11:00; tutor downtown 12:00-14:00 (2 h x 30 = 60) or lab on campus 12:00-14:00
# (2 h x 20 = 40), the same hours; max_day_hours 4.5. tutor's day: 2 + 2 h and the 35 min from campus to downtown
# = 4 h 35 min, over 4.5 h once travel counts; lab's: 4 h. So lab, 40 (tutor, 60, when travel counts toward nothing).
TRAVEL_CATALOGUE["counted travel breaks the day cap"] = (
    Problem(
        commitments=[Commitment("MATH 201", sessions=["Mon 09:00-11:00"], location="campus")],
        gigs=[
            Gig("tutor", pay_rate=30, sessions=["Mon 12:00-14:00"], location="downtown"),
            Gig("lab", pay_rate=20, sessions=["Mon 12:00-14:00"], location="campus"),
        ],
        limits=Limits(max_day_hours=4.5),
        rules=Rules(travel=TRAVEL, travel_counts=True),
        weights=NO_WEIGHTS,
    ),
    40.0,
)

# MATH 201 on campus Mon 09:00-11:00, lab on campus 12:00-14:00 (40); flex downtown 1 h (25) or flex2 on campus
# 1 h (15), both within Mon 11:00-18:00; max_day_hours 5.5. Wherever flex goes, something on campus comes before
# it that day (MATH or lab), so 35 min of travel: 5 h 35 min. lab + flex2 = 55 (lab + flex = 65 uncounted).
TRAVEL_CATALOGUE["counted travel before a flexible block"] = (
    Problem(
        commitments=[Commitment("MATH 201", sessions=["Mon 09:00-11:00"], location="campus")],
        gigs=[
            Gig("lab", pay_rate=20, sessions=["Mon 12:00-14:00"], location="campus"),
            Gig("flex", pay_rate=25, hours=1, windows=["Mon 11:00-18:00"], location="downtown"),
            Gig("flex2", pay_rate=15, hours=1, windows=["Mon 11:00-18:00"], location="campus"),
        ],
        limits=Limits(max_day_hours=5.5),
        rules=Rules(travel=TRAVEL, travel_counts=True),
        weights=NO_WEIGHTS,
    ),
    55.0,
)

# The week's cap: MATH on campus Mon and Wed 09:00-10:00 (2 h); cafe at the mall Mon 10:30-12:30 (2 h x 20 = 40),
# shop at the mall Wed 10:30-12:30 (2 h x 18 = 36); max_hours 6. Both gigs: 2 + 4 h and 20 min of travel each day
# from campus to the mall = 6 h 40 min, over 6 h once travel counts. So cafe (the better one), and draft (remote,
# flexible 1.5 h x 10 = 15, no travel) in the rest: 2 + 2 + 1.5 h + 20 min = 5 h 50 min; 55 (cafe + shop = 76
# uncounted: 6 h, no room for draft).
TRAVEL_CATALOGUE["counted travel breaks the week's cap"] = (
    Problem(
        commitments=[Commitment("MATH", sessions=["Mon,Wed 09:00-10:00"], location="campus")],
        gigs=[
            Gig("cafe", pay_rate=20, sessions=["Mon 10:30-12:30"], location="mall"),
            Gig("shop", pay_rate=18, sessions=["Wed 10:30-12:30"], location="mall"),
            Gig("draft", pay_rate=10, hours=1.5, windows=["Thu 09:00-17:00"], location="remote"),
        ],
        limits=Limits(max_hours=6),
        rules=Rules(travel=TRAVEL, travel_counts=True),
        weights=NO_WEIGHTS,
    ),
    55.0,
)
