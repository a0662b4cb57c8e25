// Help texts: plain strings, so `--help` starts without loading anything else.

export const MAIN_HELP = `panda-k8s — bootstrap, deploy and reinstall the PanDA system on Kubernetes

Usage: panda-k8s [command] [options]

Commands:
  bootstrap   (default) the wizard: cluster → configuration → deploy → verify; resumes where it stopped
  install     deploy components on an existing cluster (the old bin/install flags: -a -e -c -d -t)
  plan        print the steps and the exact commands a bootstrap would run; runs nothing
  status      the workspace at a glance: steps, releases, pods, certificates, pending changes
  uninstall   remove components in reverse tier order
  sim         drive the simulated cloud: reset | status | fault <name> | speed <factor> | calls

Common options:
  -w, --workspace DIR   workspace folder (answers, journal, kubeconfig, logs)   [default: .]
      --plain           one plain line per event, no interactive screens (also when not a TTY or CI is set)
  -h, --help            help (also: panda-k8s <command> --help)
  -v, --version         version

Exit codes: 0 done, 1 failed, 2 bad usage, 130 interrupted. NO_COLOR turns colours off.
Run 'panda-k8s <command> --help' for a command's options.`;

export const COMMAND_HELP: Record<string, string> = {
  bootstrap: `Usage: panda-k8s bootstrap [options]

Walks through every step from an empty OpenStack project (or an existing cluster) to verified
PanDA services. Stop it any time; the next run resumes where reality is.

Options:
      --target T        sim | openstack | existing        [default: openstack if OS_* credentials are set, else sim]
  -f, --config FILE     answers file to replay             [default: <workspace>/panda-k8s.yaml]
  -y, --yes             no questions: use the answers file and defaults (needed without a terminal)
      --dry-run         print the commands that would change something; change nothing
      --only IDS        run only these steps (comma list) and what they need
      --kubeconfig F    kubeconfig (target existing)       [default: $KUBECONFIG]
      --context C       kube context (target existing)
      --concurrency N   releases deployed at once inside a tier [default: 4]
  -w, --workspace DIR   [default: .]
      --plain           plain line output`,
  install: `Usage: panda-k8s install [options]

Deploys components with helm on the current cluster, in tier order, waiting for each tier.
A second run upgrades; the first failure stops the run with exit 1.

Options (compatible with the old bin/install):
  -a, --affix AFFIX         prefix (blah-) or suffix (-blah) of release names [default: affix: in secrets values, else test-]
  -e, --experiment EXP      experiment overlay: lsst, lsst-prod, sphenix, doma, cern, dev, atlas_testbed
  -c, --enable LIST         comma list of components [default: msgsvc,iam,panda,harvester,idds,bigmon]
  -d, --disable LIST        comma list of components and/or component.sub (e.g. iam,panda.jedi)
  -t, --template            render the manifests only (helm template); no cluster needed
      --reinstall           uninstall, then install again, the components given with -c
      --keep-data | --delete-data   with --reinstall: what happens to their volume claims (databases, broker)
      --refresh-secrets     upgrade panda-secrets only (after editing CRIC JSONs or secret values)
  -n, --namespace NS        namespace                  [default: default]
      --timeout D           helm --timeout per release [default: 10m]
      --kubeconfig F, --context C
  -w, --workspace DIR       [default: .]
      --plain               plain line output`,
  plan: `Usage: panda-k8s plan [bootstrap options]

Prints the steps in order and, for each, the exact commands it would run. Runs nothing that
changes anything.`,
  status: `Usage: panda-k8s status [-w DIR] [--json] [--check]

The journal's steps, the releases (chart, revision, status, pods ready), certificate expiry, what
changed since the last deploy, and a quick probe of each service through the API server (one try,
a few seconds each).

  --check   also run each deployed release's helm test (as verify does): test Pods log in to the
            broker and send a message, call PanDA with the services' token, get an IAM token, ping
            iDDS, read BigMon's front page and Harvester's queues. Slower (up to minutes); exits 1
            when a test fails, naming it with its log.
  --json    the report as JSON`,
  uninstall: `Usage: panda-k8s uninstall [-c LIST] [--delete-data] [-y] [-w DIR]

Removes the components (default: all) in reverse tier order. Volumes holding data (databases)
are kept unless --delete-data is given.`,
  sim: `Usage: panda-k8s sim <reset | status | fault NAME [--clear] | faults | speed FACTOR | calls> [-w DIR]

The simulated cloud behind --target sim: a rehearsal that never touches anything real.`,
};
