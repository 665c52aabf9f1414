"""A PostgreSQL cluster of one's own in a temporary directory: tests and `make cluster` stop,
restart and freeze it without touching a database anyone else uses."""

import contextlib
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_bin_dir():
    """The newest installed server version (Debian keeps initdb and pg_ctl off the PATH)."""
    found = [Path(path).parent for path in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    if shutil.which("initdb"):
        found.append(Path(shutil.which("initdb")).parent)
    found = [bin_dir for bin_dir in found if (bin_dir / "pg_ctl").exists()]
    return max(
        found, key=lambda d: [int(n) for n in re.findall(r"\d+", d.parent.name)], default=None
    )


def owned_tempdir(prefix):
    """A new temporary directory the server may write to.

    Not pytest's tmp_path: its parents are private to root, where `postgres` cannot enter.
    """
    root = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
    return root


class Cluster:
    """A PostgreSQL cluster of this test's own; the server refuses to run as root, so as root it
    runs as the `postgres` OS user and its directory belongs to that user."""

    def __init__(self, bin_dir, root, port):
        self.bin_dir, self.root, self.port = bin_dir, root, port
        self.data = root / "data"
        self.log = root / "postgresql.log"
        self.url = f"postgres://postgres@127.0.0.1:{port}/site"

    def run(self, tool, *args):
        command = [str(self.bin_dir / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=90)
        if done.returncode:
            raise AssertionError(
                f"{tool} {' '.join(args)} failed:\n{done.stdout}{done.stderr}\n{self.log_tail()}"
            )

    def log_tail(self):
        return self.log.read_text()[-2000:] if self.log.exists() else ""

    def init(self):
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.root}'\n"
                # Nothing here has to survive a crash; durability only slows the migrations down.
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "site")

    def start(self):
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-m", mode, "stop")

    def pids(self):
        """The postmaster and every server process it started."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
        return [postmaster, *map(int, children)]

    def freeze(self):
        """SIGSTOP every server process: connections stay open, nothing answers any more."""
        frozen = self.pids()
        for pid in frozen:
            os.kill(pid, signal.SIGSTOP)
        return frozen

    @staticmethod
    def thaw(frozen):
        for pid in frozen:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)

    def remove(self):
        """Stop the server if it runs (thawed first: a stopped process ignores shutdown) and
        delete its directory."""
        try:
            if (self.data / "postmaster.pid").exists():
                self.thaw(self.pids())
                self.stop(mode="immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
