"""A request's context cut to the model's budget: the oldest turns go first, a question and
its answer stay together, the system prompt and the question always go."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dynaspark_desktop.core.context_window import (
    IMAGE_TOKENS,
    MIN_CONTEXT_TOKENS,
    ContextTurn,
    estimate_tokens,
    fit_context,
    fit_latest,
    input_budget,
)


def turns(count: int, size: int = 40) -> list[ContextTurn]:
    return [ContextTurn(f"q{n:03d}" + "x" * size, f"a{n:03d}" + "y" * size) for n in range(count)]


def test_a_path_that_fits_goes_whole_in_order() -> None:
    path = turns(10)
    window = fit_context(path, "now?", context_tokens=8_192)
    assert window.turns == tuple(path)
    assert (window.sent_turns, window.total_turns, window.truncated) == (11, 11, False)
    messages = window.messages("now?")
    assert [m["role"] for m in messages[:2]] == ["user", "assistant"]
    assert messages[0]["content"] == path[0].question
    assert messages[-1] == {"role": "user", "content": "now?"}
    assert len(messages) == 21


def test_past_the_budget_the_oldest_turns_are_left_out_first() -> None:
    path = turns(300)
    window = fit_context(path, "now?", context_tokens=1_000)
    kept = len(window.turns)
    assert 0 < kept < 300
    # The latest turns, without a gap, ending just before the question.
    assert window.turns == tuple(path[300 - kept :])
    assert window.truncated
    assert (window.sent_turns, window.total_turns) == (kept + 1, 301)
    spent = estimate_tokens("now?") + sum(turn.tokens() for turn in window.turns)
    assert spent <= input_budget(1_000)
    # One more turn would not have fit.
    assert spent + path[300 - kept - 1].tokens() > input_budget(1_000)


def test_a_question_and_its_answer_go_or_stay_together() -> None:
    window = fit_context(turns(50), "now?", context_tokens=1_000)
    messages = window.messages("now?")
    questions = [m["content"][:4] for m in messages[:-1:2]]
    answers = [m["content"][:4] for m in messages[1:-1:2]]
    assert [q[1:] for q in questions] == [a[1:] for a in answers]


def test_the_system_prompt_takes_its_share_and_is_never_left_out() -> None:
    path = turns(100)
    without = fit_context(path, "now?", context_tokens=2_000)
    prompt = "Answer like a pirate. " * 40
    with_prompt = fit_context(path, "now?", context_tokens=2_000, system_prompt=prompt)
    assert len(with_prompt.turns) < len(without.turns)
    # Even a prompt larger than the budget leaves the question to go, with no turn.
    huge = fit_context(path, "now?", context_tokens=MIN_CONTEXT_TOKENS, system_prompt=prompt * 9)
    assert huge.turns == ()
    assert huge.messages("now?") == [{"role": "user", "content": "now?"}]


def test_a_large_old_turn_is_not_skipped_to_send_older_ones() -> None:
    path = [*turns(3), ContextTurn("big", "z" * 20_000), *turns(3)]
    window = fit_context(path, "now?", context_tokens=2_000)
    assert window.turns == tuple(path[4:])


def test_failed_and_stopped_turns_are_not_sent_nor_counted() -> None:
    path = turns(4)
    path[1] = ContextTurn("broke", "", answered=False)
    window = fit_context(path, "now?", context_tokens=8_192)
    sent = [turn.question for turn in window.turns]
    assert sent == [path[0].question, *[turn.question for turn in path[2:]]]
    # Counted as turns of the path (the transcript shows them), never sent, budget or not.
    assert window.total_turns == 5
    assert not window.truncated


def test_an_image_costs_a_fixed_share_and_goes_only_with_a_turn_that_is_sent() -> None:
    path = turns(30)
    path[5] = ContextTurn("what is this?", "a cat", image="cat.png")
    path[25] = ContextTurn("and this?", "a dog", image="dog.png")
    window = fit_context(path, "more?", context_tokens=8_192)
    assert window.image_turn is path[25]  # the latest one sent
    plain = fit_context(turns(30), "more?", context_tokens=1_600)
    with_image = fit_context(path, "more?", context_tokens=1_600)
    assert with_image.image_turn is path[25]
    assert len(with_image.turns) < len(plain.turns)
    # The question's own image: it goes, and no earlier one.
    own = fit_context(path, "more?", context_tokens=8_192, question_has_image=True)
    assert own.image_turn is None
    tight = fit_context(turns(30), "more?", context_tokens=1_600, question_has_image=True)
    assert len(tight.turns) < len(plain.turns)
    assert IMAGE_TOKENS > 0


def test_each_of_the_questions_images_takes_its_share() -> None:
    path = turns(300)
    one = fit_latest(reversed(path), 300, "which?", context_tokens=8_192, question_images=1)
    three = fit_latest(reversed(path), 300, "which?", context_tokens=8_192, question_images=3)
    spare = IMAGE_TOKENS * 2
    assert sum(t.tokens() for t in one.turns) - sum(t.tokens() for t in three.turns) >= (
        spare - path[0].tokens()
    )
    assert len(three.turns) < len(one.turns)
    assert three.image_turn is None


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("", 4, 4),
        ("a" * 400, 100 + 4, 100 + 4),
        ("日本語のテキスト" * 50, 400, 404),  # about one token a CJK character
        ("naïve café " * 100, 275 + 4, 400),  # accents cost a little more than ASCII
    ],
)
def test_token_estimates(text: str, low: int, high: int) -> None:
    assert low <= estimate_tokens(text) <= high


def test_a_tiny_window_setting_still_leaves_room_for_a_question() -> None:
    assert input_budget(10) == input_budget(MIN_CONTEXT_TOKENS) > 0
    assert input_budget(1_000_000) == 1_000_000 - 2_048


def test_turns_given_newest_first_are_read_only_as_far_as_the_budget_goes() -> None:
    path = turns(1_000)
    taken: list[ContextTurn] = []

    def newest_first() -> Iterator[ContextTurn]:
        for turn in reversed(path):
            taken.append(turn)
            yield turn

    window = fit_latest(newest_first(), len(path), "now?", context_tokens=1_000)
    assert window == fit_context(path, "now?", context_tokens=1_000)
    # The turns kept, and the one that did not fit: no more.
    assert len(taken) == len(window.turns) + 1
