"""What one import works out from its cells, kept for that import only.

A list repeats the same texts thousands of times (periods, implementers, places, fields): each
distinct one is read once. `Memo` keeps the results in plain dictionaries; the planner makes
one per plan (`Lookups.memo`, next to its place and field matches) and it goes with the plan,
so nothing read from one file outlives its request or reaches another import.
"""


class Memo:
    """Results of pure functions, by function and arguments: `memo(parse_period, cell)`."""

    def __init__(self):
        self.results = {}  # function -> {arguments: result}

    def __call__(self, func, *args):
        known = self.results.get(func)
        if known is None:
            known = self.results[func] = {}
        try:
            return known[args]
        except KeyError:
            result = known[args] = func(*args)
            return result
