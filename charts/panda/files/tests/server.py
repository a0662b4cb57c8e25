# server.py: the panda helm test. The PanDA server answers its liveness call (the v1 API's
# system/is_alive, success true; images before the v1 API: /server/panda/isAlive, alive=yes), and
# a call that needs authentication succeeds with the ID token the deployment gives its services.
#   SERVER_HTTP, SERVER_HTTPS   the server's Service, plain and TLS (http://<svc>:80, https://<svc>:443)
#   PANDA_AUTH_ID_TOKEN         the services' ID token (auth.authIdToken); none: the authenticated call is skipped
#   PANDA_AUTH_VO               the VO (OIDC client name) the token belongs to (auth.authVO)


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
