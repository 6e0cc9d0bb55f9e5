"""Named errors. The CLI and the bot turn these into one-line messages; anything else is a bug."""


class ReportQAError(Exception):
    """Base class for errors a user can fix; str(e) is the one-line message (English, for operators).
    `details` holds what the message is made of, so a front end can word it its own way (the bot
    speaks Chinese: bot/texts.py)."""

    def __init__(self, message: str = "", **details):
        super().__init__(message)
        self.details = details

    def __reduce__(self):  # pickles with its details (errors cross process pools)
        return _restore, (type(self), self.args, self.details)


def _restore(cls, args, details):
    error = Exception.__new__(cls)
    error.args, error.details = args, details
    return error


class ConfigError(ReportQAError):
    """The configuration file or an option is invalid."""


class UnreadableFile(ReportQAError):
    """A report file cannot be read (corrupt, encrypted, empty, scanned, too large, unsupported)."""


class NoIndex(ReportQAError):
    """No index has been built yet at the configured location."""


class ModelNotFound(ReportQAError):
    """The configured embedding model is not available locally."""


class IndexCorrupt(NoIndex):
    """The index on disk is damaged (truncated, overwritten, checksum mismatch); a full rebuild fixes it."""
