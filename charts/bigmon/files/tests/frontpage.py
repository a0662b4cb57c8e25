# frontpage.py: the bigmon helm test. The monitor's front page is BigMon's own: its title is
# "<VO> PanDA" (core-mainPage.html), not a web server's default page, an error page or a login page.
# The request carries the external host name: BigMon (Django) answers only the names it serves.
#   BIGMON_URL    the Service (https://<svc>:443)
#   BIGMON_HOST   the host name(s) BigMon serves (bigmon.hostname; the first is used)
#   BIGMON_VO     the VO the monitor shows (bigmon.vo); empty: any "<word> PanDA" title passes

import re


def title_of(html):
    m = re.search(r'<title[^>]*>(.*?)</title>', html, re.I | re.S)
    return ' '.join(m.group(1).split()) if m else None


def front_page():
    base = env('BIGMON_URL').rstrip('/')
    hosts = [h.strip() for h in os.environ.get('BIGMON_HOST', '').split(',') if not placeholder(h)]
    host = hosts[0] if hosts else None
    path = '/'
    for _ in range(4):
        r = retrying('front page', lambda: request('GET', base + path, {'Accept': 'text/html'}, host=host))
        if r.status in (301, 302, 303, 307, 308) and r.header('Location'):
            moved = urlsplit(r.header('Location'))
            path = (moved.path or '/') + ('?' + moved.query if moved.query else '')
            continue
        break
    if r.status == 400:
        raise CheckFailed('BigMon refused the request for host %s (HTTP 400: Django answers only the names in BIGMON_HOST)' % (host or '(none)'))
    if r.status != 200:
        raise CheckFailed('GET %s: HTTP %d, title %r' % (path, r.status, title_of(r.body)))
    title = title_of(r.body)
    if title is None:
        raise CheckFailed('the front page has no title: %s' % short(r.body, 80))
    vo = os.environ.get('BIGMON_VO', '')
    want = '%s PanDA' % vo.strip() if not placeholder(vo) else None
    if (want and title != want) or (not want and not re.match(r'^(\S+ )?PanDA$', title)):
        raise CheckFailed('the front page is not BigMon\'s: its title is "%s"%s' % (title, ', not "%s"' % want if want else ''))
    return 'GET %s%s answered BigMon\'s front page "%s"' % (path, ' as ' + host if host else '', title)


run([('BigMon front page', front_page)])
