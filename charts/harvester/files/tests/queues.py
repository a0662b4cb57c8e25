# queues.py: the harvester helm test. Harvester's database answers (with the account Harvester uses),
# and Harvester has loaded its queue configuration: the queues it read from <EXPERIMENT>.panda_queueconfig.json
# are in its panda-queue table (pq_table), which it fills when it loads that configuration.
# Runs the image's own mysql client (the password goes in MYSQL_PWD, never on the command line).
#   HARVESTER_DB_HOST, HARVESTER_DB_PORT             Harvester's database
#   MARIADB_DATABASE, MARIADB_USER, MARIADB_PASSWORD  the account Harvester connects with

import re
import subprocess

# Client errors that mean "not reachable (yet)": can't connect, unknown host, lost connection.
TRANSIENT = ('2002', '2003', '2005', '2013')


def sql(query):
    host, port = env('HARVESTER_DB_HOST'), env('HARVESTER_DB_PORT', '3306')
    argv = ['mysql', '--protocol=tcp', '--host=' + host, '--port=' + port, '--user=' + env('MARIADB_USER'),
            '--database=' + env('MARIADB_DATABASE'), '--batch', '--skip-column-names',
            '--connect-timeout=%d' % int(seconds('TEST_TIMEOUT_SECONDS', 10)), '--execute=' + query]
    child_env = dict(os.environ, MYSQL_PWD=env('MARIADB_PASSWORD'))
    try:
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env)
        out, err = p.communicate()
    except OSError as e:
        raise CheckFailed('cannot run the mysql client: %s' % e)
    err = err.decode('utf-8', 'replace').strip()
    if p.returncode != 0:
        code = re.search(r'ERROR (\d+)', err)
        if code and code.group(1) in TRANSIENT:
            raise Transient(err)
        raise CheckFailed(short(err or 'mysql exited with %d' % p.returncode, 240))
    return [line.split('\t') for line in out.decode('utf-8', 'replace').splitlines() if line.strip()]


def database():
    rows = retrying('the database', lambda: sql('SELECT VERSION()'))
    version = rows[0][0] if rows else '?'
    return 'server %s at %s:%s answers as %s' % (version, env('HARVESTER_DB_HOST'), env('HARVESTER_DB_PORT', '3306'), env('MARIADB_USER'))


def queues():
    try:
        rows = retrying('the database', lambda: sql('SELECT DISTINCT queueName FROM pq_table ORDER BY queueName'))
    except CheckFailed as e:
        if '1146' in str(e):
            raise CheckFailed('Harvester has not created its tables in %s (no pq_table): it has not started against this database' % env('MARIADB_DATABASE'))
        raise
    names = [r[0] for r in rows]
    if not names:
        raise CheckFailed('pq_table is empty: Harvester loaded no queue from its queue configuration (<EXPERIMENT>.panda_queueconfig.json)')
    listed = ', '.join(names[:10]) + (' …' if len(names) > 10 else '')
    return '%d queue(s) loaded: %s' % (len(names), listed)


run([('Harvester database answers', database), ('queue configuration loaded', queues)])
