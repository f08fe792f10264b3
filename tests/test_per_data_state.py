"""Values kept once per state of the searchable data (restricted sections, section
addresses, a cluster's facet labels): computed again as soon as the state changes."""

from search.per_data_state import PerDataState


def test_a_value_is_computed_once_per_state_and_key():
    calls = []
    memo = PerDataState()

    def compute(value):
        def run():
            calls.append(value)
            return value

        return run

    assert memo.get("v1", compute("a"), key="x") == "a"
    assert memo.get("v1", compute("b"), key="x") == "a"  # kept
    assert memo.get("v1", compute(None), key="y") is None  # « none » is an answer too
    assert memo.get("v1", compute("c"), key="y") is None
    assert memo.get("v2", compute("d"), key="x") == "d"  # a new state: computed again
    assert memo.get("v2", compute("e"), key="y") == "e"  # and the old state's keys dropped
    memo.forget()
    assert memo.get("v2", compute("f"), key="x") == "f"
    assert calls == ["a", None, "d", "e", "f"]
