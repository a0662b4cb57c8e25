# ping.py: the idds helm test. iDDS's REST service answers /idds/ping with its JSON ({"Status": "OK"}).
# iDDS authenticates every call of its REST API, ping included: the test presents the ID token the
# deployment gives its services (OIDC, as PanDA's relayed calls do).
#   IDDS_URL               the REST Service with its prefix (https://<svc>:8443/idds)
#   PANDA_AUTH_ID_TOKEN    the services' ID token (auth.authIdToken)
#   PANDA_AUTH_VO          its VO (auth.authVO)


def ping():
    url = env('IDDS_URL').rstrip('/') + '/ping'
    token = os.environ.get('PANDA_AUTH_ID_TOKEN')
    vo = os.environ.get('PANDA_AUTH_VO', '')
    headers = {'Accept': 'application/json'}
    if not placeholder(token):
        headers.update({'X-IDDS-Auth-Type': 'oidc', 'X-IDDS-Auth-VO': vo, 'X-IDDS-Auth-Token': token.strip()})
    r = retrying('ping', lambda: request('GET', url, headers))
    if r.status == 401:
        said = r.header('ExceptionMessage') or short(r.body) or 'no reason given'
        if placeholder(token):
            raise CheckFailed('iDDS answers ping only to an authenticated client, and the deployment holds no ID token (auth.authIdToken): %s' % said)
        raise CheckFailed('iDDS refused the %s token: %s' % (vo, said))
    if r.status != 200:
        raise CheckFailed('GET %s: HTTP %d %s' % (url, r.status, r.header('ExceptionMessage') or short(r.body)))
    doc = r.json('ping\'s answer')
    if not isinstance(doc, dict) or doc.get('Status') != 'OK':
        raise CheckFailed('ping answered %s, not {"Status": "OK"}' % short(r.body))
    return 'GET /idds/ping answered {"Status": "OK"}'


run([('iDDS answers ping', ping)])
