# server.py: the panda helm test. The PanDA server answers its liveness call (the v1 API's
# system/is_alive, success true; images before the v1 API: /server/panda/isAlive, alive=yes), and
# a call that needs authentication succeeds with the ID token the deployment gives its services.
#   SERVER_HTTP, SERVER_HTTPS   the server's Service, plain and TLS (http://<svc>:80, https://<svc>:443)
#   PANDA_AUTH_ID_TOKEN         the services' ID token (auth.authIdToken), or file:<path> when they fetch short-lived
#                               tokens with the internal client; none: the authenticated call is skipped
#   PANDA_AUTH_VO               the VO (OIDC client name) the token belongs to (auth.authVO, or <authVO>.internal)
#   TOKEN_CLIENT_CONFIG         token_cache_config.json: its "internal" entry is the client the test then asks for a token

from urllib.parse import urlencode


def internal_token():
    """A token from the internal client (as the server's token cache gets one): client_credentials at its endpoint."""
    try:
        conf = json.loads(os.environ.get('TOKEN_CLIENT_CONFIG') or '{}')['internal']
        client_id, secret, endpoint = conf['client_id'], conf['secret'], conf['endpoint']
    except (ValueError, KeyError, TypeError):
        return None
    headers = {'Authorization': basic_auth(client_id, secret), 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json'}
    r = retrying('the internal client\'s token', lambda: request('POST', endpoint, headers, urlencode({'grant_type': 'client_credentials'})))
    doc = r.json('the token endpoint\'s answer') if r.status == 200 else None
    if not isinstance(doc, dict) or not doc.get('access_token'):
        raise CheckFailed('the token endpoint %s refused the internal client %s: HTTP %d %s' % (endpoint, client_id, r.status, short(r.body)))
    return doc['access_token']


def alive():
    base = env('SERVER_HTTP').rstrip('/')
    r = retrying('is_alive', lambda: request('GET', base + '/api/v1/system/is_alive', {'Accept': 'application/json'}))
    if r.status == 200:
        doc = r.json('is_alive\'s answer')
        if isinstance(doc, dict) and doc.get('success') is True:
            return 'GET /api/v1/system/is_alive answered success'
        raise CheckFailed('is_alive answered %s' % short(r.body))
    if r.status not in (403, 404):
        raise CheckFailed('GET /api/v1/system/is_alive: HTTP %d %s' % (r.status, short(r.body)))
    # An image from before the v1 API: the legacy method.
    legacy = retrying('isAlive', lambda: request('GET', base + '/server/panda/isAlive'))
    if legacy.status == 200 and 'alive=yes' in legacy.body:
        return 'GET /server/panda/isAlive answered alive=yes'
    raise CheckFailed('neither the v1 API (HTTP %d) nor isAlive (HTTP %d: "%s") says the server is alive' % (r.status, legacy.status, short(legacy.body, 80)))


def authenticated():
    token = os.environ.get('PANDA_AUTH_ID_TOKEN')
    if not placeholder(token) and token.strip().startswith('file:'):
        # The services read a token the server keeps fresh in its own pod: ask the internal client for one.
        token = internal_token()
        if token is None:
            return ('skip', 'the services\' token is a file of the server pod, and no internal client is configured to get one')
    if placeholder(token):
        return ('skip', 'the deployment holds no ID token for its services (auth.authIdToken) to call with')
    vo = env('PANDA_AUTH_VO')
    base = env('SERVER_HTTPS').rstrip('/')
    headers = {'Authorization': 'Bearer ' + token.strip(), 'Origin': vo, 'Accept': 'application/json'}
    r = retrying('get_user_attributes', lambda: request('GET', base + '/api/v1/system/get_user_attributes', headers))
    if r.status != 200:
        raise CheckFailed('the server refused the %s token: HTTP %d %s' % (vo, r.status, short(r.body)))
    doc = r.json('get_user_attributes\' answer')
    if not isinstance(doc, dict) or doc.get('success') is not True:
        raise CheckFailed('the server refused the %s token: %s' % (vo, short(doc.get('message') if isinstance(doc, dict) else r.body)))
    who = (doc.get('data') or {}).get('user_dn_clean') or (doc.get('data') or {}).get('user_dn_raw') or 'an authenticated user'
    return 'GET /api/v1/system/get_user_attributes with the %s token, as %s' % (vo, who)


run([('PanDA server is alive', alive), ('an authenticated call', authenticated)])
