import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mubiao.settings")
application = get_wsgi_application()

# After Django is set up, so a failure to load shows in the server log, not in a request.
from mubiao.okrtext.wordclass import warm  # noqa: E402

warm()
