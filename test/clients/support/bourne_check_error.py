# Python 2.7. Sends one request through the unmodified bourne library's api_check_error, the
# comparison CoprHD's own test suites make of a refusal (HTTP status, service code and the exact
# details text); it raises, and this script exits 1, when the answer differs.
#
#   bourne_check_error.py <bourne folder> '{"method":...,"uri":...,"status":...,"code":...,"details":...,"body":...}'
#
# bourne reads its token from BOURNE_TOKEN_FILE and its port from BOURNE_PORT (a login first).
import json
import sys

sys.path.insert(0, sys.argv[1])
from bourne import Bourne  # noqa: E402

expected = json.loads(sys.argv[2])
bourne = Bourne()
bourne.connect('127.0.0.1')
bourne.api_check_error(expected['method'], expected['uri'].encode('utf-8'), expected['status'], expected['code'],
                       expected['details'], expected.get('body'))
print('refused as expected')
