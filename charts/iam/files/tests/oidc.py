# oidc.py: the iam helm test. IAM serves its OIDC discovery document (with the issuer the deployment
# configured), and its token endpoint gives the configured client a token (client_credentials): the
# client PanDA's token cache uses (auth.oidc.token_cache), the one client credential the deployment holds.
#   IAM_URL               IAM's Service (http://<svc>:8443); the token endpoint's path comes from the document
#   IAM_ISSUER            the issuer IAM was configured with (iam.baseUrl); empty: not compared
#   TOKEN_CLIENT_CONFIG   token_cache_config.json of the secrets release ({name: {client_id, secret, endpoint}});
#                         absent (PanDA not deployed): the token check is skipped, saying so

from urllib.parse import urlencode

DOC = {}


def discovery():
    base = env('IAM_URL').rstrip('/')
    r = retrying('discovery document', lambda: request('GET', base + '/.well-known/openid-configuration', {'Accept': 'application/json'}))
    if r.status != 200:
        raise CheckFailed('GET /.well-known/openid-configuration: HTTP %d %s' % (r.status, short(r.body)))
    doc = r.json('the discovery document')
    if not isinstance(doc, dict) or not doc.get('issuer') or not doc.get('token_endpoint'):
        raise CheckFailed('the discovery document has no issuer or token_endpoint: %s' % short(r.body))
    want = os.environ.get('IAM_ISSUER', '')
    if not placeholder(want) and doc['issuer'].rstrip('/') != want.rstrip('/'):
        raise CheckFailed('the issuer is %s, but IAM was configured with %s (iam.baseUrl)' % (doc['issuer'], want))
    DOC.update(doc)
    return 'issuer %s' % doc['issuer']


def token():
    raw = os.environ.get('TOKEN_CLIENT_CONFIG', '')
    if placeholder(raw):
        return ('skip', 'the deployment configures no client with a secret (auth.oidc.token_cache is rendered with PanDA)')
    try:
        clients = json.loads(raw)
        # The token cache's own client first; the "internal" one (auth.auth_client_id) when it is the only one.
        name, conf = sorted(clients.items(), key=lambda kv: (kv[0] == 'internal', kv[0]))[0]
        client_id, secret = conf['client_id'], conf['secret']
    except (ValueError, KeyError, IndexError, AttributeError):
        raise CheckFailed('token_cache_config.json is not {name: {client_id, secret, ...}}')
    if placeholder(client_id) or placeholder(secret):
        return ('skip', 'client %s has no client_id/secret filled in (auth.oidc.token_cache)' % name)
    if not DOC:
        raise CheckFailed('no discovery document to find the token endpoint in')
    path = urlsplit(DOC['token_endpoint']).path or '/token'
    url = env('IAM_URL').rstrip('/') + path
    headers = {'Authorization': basic_auth(client_id, secret), 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json'}
    r = retrying('token endpoint', lambda: request('POST', url, headers, urlencode({'grant_type': 'client_credentials'})))
    if r.status != 200:
        try:
            err = json.loads(r.body)
            why = '%s: %s' % (err.get('error'), err.get('error_description', ''))
        except ValueError:
            why = short(r.body) or '(no body)'
        raise CheckFailed('IAM refused client %s (%s): HTTP %d %s' % (name, client_id, r.status, why.strip()))
    doc = r.json('the token answer')
    if not isinstance(doc, dict) or not doc.get('access_token'):
        raise CheckFailed('the token answer has no access_token: %s' % short(r.body))
    return 'client %s got a %s token (expires in %ss)' % (name, doc.get('token_type', 'bearer'), doc.get('expires_in', '?'))


run([('OIDC discovery document', discovery), ('a token for the configured client', token)])
