from tests.notify.conftest import smtp  # noqa: F401  (the loopback SMTP server)
