from vetted.kit.ids import MAX_ID, parse_id


def test_plain_ascii_digits_within_range_are_ids() -> None:
    assert parse_id("42") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert parse_id(7) == 7


def test_everything_else_is_not_an_id() -> None:
    for value in [
        "",
        "abc",
        "²",
        "١٢",
        "-1",
        "1.5",
        " 1",
        "1\x00",
        str(MAX_ID + 1),
        "9" * 23,
        None,
        True,
        -1,
    ]:
        assert parse_id(value) is None, value
