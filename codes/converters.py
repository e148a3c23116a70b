"""URL converters: a SIP code is three digits, a class is written like “4xx”."""


class CodeConverter:
    regex = "[0-9]{3}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):03d}"


class ClassConverter:
    regex = "[1-6]xx"

    def to_python(self, value: str) -> int:
        return int(value[0])

    def to_url(self, value: int) -> str:
        return f"{int(value)}xx"


class CauseConverter:
    """A Q.850 cause value: 0 to 127; the view answers 404 for undefined ones."""

    regex = "[0-9]{1,3}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(int(value))
