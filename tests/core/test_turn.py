"""A turn's state changes: what each one sets, and what a new attempt clears."""

from __future__ import annotations

from dynaspark_desktop.core.chat import Turn, TurnState, image_only_prompt
from dynaspark_desktop.core.generated_images import GeneratedPicture


def picture() -> GeneratedPicture:
    return GeneratedPicture(
        prompt="a red bicycle",
        model="dynaspark-api:flux",
        seed=7,
        width=1024,
        height=768,
        mime_type="image/png",
        filename="bicycle.png",
        display=b"png",
    )


def failed_turn() -> Turn:
    turn = Turn(question="Hi", image=None, model="deepseek-r1")
    turn.answering("ollama:mistral", "Answered by mistral (deepseek-r1: busy)")
    turn.text_arrived()
    turn.text_arrived()
    turn.completion_tokens = 12
    turn.fail("It broke.", retryable=True, answer="Half an ans")
    turn.alternative_model = "ollama:llama3"
    return turn


def test_finish_keeps_the_answer_and_names_the_model_asked() -> None:
    turn = Turn(question="Hi", image=None, model="deepseek-r1")
    turn.finish("Hello!")
    assert (turn.state, turn.answer, turn.answered_by) == (
        TurnState.ANSWERED,
        "Hello!",
        "deepseek-r1",
    )


def test_finish_after_fallback_names_the_model_that_answered() -> None:
    turn = Turn(question="Hi", image=None, model="deepseek-r1")
    turn.answering("ollama:mistral", "Answered by mistral (deepseek-r1: busy)")
    turn.finish("Hello!")
    assert turn.answered_by == "ollama:mistral"
    assert turn.fallback_note == "Answered by mistral (deepseek-r1: busy)"


def test_answering_without_failures_leaves_no_note() -> None:
    turn = Turn(question="Hi", image=None, model="deepseek-r1")
    turn.answering("deepseek-r1")
    assert (turn.answered_by, turn.fallback_note) == ("deepseek-r1", "")


def test_stop_keeps_what_arrived_as_stopped() -> None:
    turn = Turn(question="Hi", image=None, model="deepseek-r1")
    turn.stop("Hel")
    assert (turn.state, turn.answer, turn.answered_by) == (
        TurnState.CANCELLED,
        "Hel",
        "deepseek-r1",
    )


def test_fail_keeps_what_arrived_and_says_whether_to_retry() -> None:
    turn = failed_turn()
    assert (turn.state, turn.error, turn.retryable, turn.answer) == (
        TurnState.FAILED,
        "It broke.",
        True,
        "Half an ans",
    )


def test_fail_without_an_answer_leaves_the_answer_alone() -> None:
    turn = Turn(question="Hi", image=None, model="m")
    turn.fail("Something went wrong inside the app; the details are in the log.")
    assert (turn.state, turn.answer, turn.retryable) == (TurnState.FAILED, "", False)


def test_finish_with_picture_captions_the_answer() -> None:
    turn = Turn(question="/imagine a red bicycle", image=None, model="deepseek-r1")
    turn.finish_with_picture(picture())
    assert turn.state is TurnState.ANSWERED
    assert turn.picture == picture()
    assert turn.answered_by == "dynaspark-api:flux"
    assert turn.answer == picture().caption()


def test_text_arrived_counts_pieces_and_times_the_first_once() -> None:
    turn = Turn(question="Hi", image=None, model="m")
    turn.started_at -= 2.0  # sent two seconds ago
    turn.text_arrived()
    first = turn.first_text_seconds
    assert first is not None
    assert first >= 2.0
    turn.text_arrived()
    assert (turn.pieces, turn.first_text_seconds) == (2, first)


def test_restart_clears_everything_the_last_attempt_brought() -> None:
    turn = failed_turn()
    turn.picture = picture()
    started = turn.started_at
    turn.restart()
    assert turn.state is TurnState.SENT
    assert (turn.error, turn.retryable, turn.alternative_model, turn.fallback_note) == (
        "",
        False,
        "",
        "",
    )
    assert (turn.answer, turn.answered_by, turn.picture) == ("", "", None)
    assert (turn.pieces, turn.first_text_seconds, turn.completion_tokens) == (0, None, None)
    assert turn.model == "deepseek-r1"
    assert turn.started_at >= started


def test_restart_with_another_model() -> None:
    turn = failed_turn()
    turn.restart("ollama:llama3")
    assert turn.model == "ollama:llama3"


def test_keep_answer_aside_only_when_there_is_one() -> None:
    turn = Turn(question="Hi", image=None, model="deepseek-r1")
    turn.keep_answer_aside()
    assert turn.earlier_answers == []
    turn.finish("First answer")
    turn.keep_answer_aside()
    turn.restart("ollama:mistral")
    turn.answering("ollama:llama3")
    turn.finish("Second answer")
    turn.keep_answer_aside()
    assert turn.earlier_answers == [
        ("First answer", "deepseek-r1"),
        ("Second answer", "ollama:llama3"),
    ]


def test_another_answer_version_becomes_the_current_one_in_its_place() -> None:
    turn = Turn(question="Name a colour", image=None, model="m1")
    turn.finish("Red")
    turn.answer_message_id = 11
    turn.elapsed_seconds = 1.0
    for answer, model, message_id in (("Blue", "m2", 12), ("Green", "m3", 13)):
        turn.keep_answer_aside()
        turn.restart(model)
        turn.finish(answer)
        turn.elapsed_seconds = 2.0
        turn.answer_message_id = message_id
    assert turn.earlier_answers == [("Red", "m1"), ("Blue", "m2")]

    assert turn.make_answer_current(0)
    assert (turn.answer, turn.answered_by, turn.answer_message_id) == ("Red", "m1", 11)
    assert turn.elapsed_seconds == 1.0
    assert turn.current_answer_index == 0
    assert turn.earlier_answers == [("Blue", "m2"), ("Green", "m3")]
    assert turn.earlier_answer_ids == [12, 13]
    assert [turn.answer_version_id(index) for index in range(3)] == [11, 12, 13]
    assert not turn.make_answer_current(0)  # already current

    # A regenerate keeps the order: the new answer comes last.
    turn.keep_answer_aside()
    turn.restart("m4")
    assert turn.earlier_answers == [("Red", "m1"), ("Blue", "m2"), ("Green", "m3")]
    assert not turn.make_answer_current(1)  # an answer on its way stays current


def test_images_sent_without_a_word_are_asked_about_in_the_right_number() -> None:
    assert image_only_prompt(1) == "Describe this image."
    assert image_only_prompt(3) == "Describe these images."
