"""Warm parent of Python script runs (sockgen runtime/http, python-workers.ts).

Started once per interpreter; imports the harness (and what it imports) once, then forks one
fresh child per request, so a run costs a fork instead of an interpreter start, and runs share
nothing: each child is a copy of this clean parent and ends with its request.

stdin (from the host), one command per line, payloads after it:
  run <id> <length>\\n<request JSON>      fork a child that runs the request (syncano_harness.run)
  kill <id>\\n                            SIGKILL the child's whole process group
  reply <id> <length>\\n<bytes>           bytes for the child's file descriptor 4
stdout (to the host), a JSON header line per event, then its payload:
  {"t": "ready"}
  {"id": <id>, "t": "out" | "err" | "msg", "n": <length>}\\n<bytes>   the child's fd 1, 2, 3
  {"id": <id>, "t": "exit", "code": <int or null>, "signal": <int or null>}
When stdin closes (the host went away) every child is killed and the parent exits.
Kept to the syntax of Python 2.7 and 3.
"""
import errno
import gc
import json
import os
import select
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import syncano_harness  # noqa: E402 (warm: imported once, before any fork)

try:
    import syncano  # noqa: F401,E402 (the platform library's stand-in, warm too)
except ImportError:
    pass

try:
    import ctypes
    _prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith('linux') else None
except Exception:
    _prctl = None

OUT = 1
CHUNK = 65536
STREAMS = ('out', 'err', 'msg')


def write_all(fd, data):
    while data:
        try:
            written = os.write(fd, data)
        except OSError as error:
            if error.errno == errno.EINTR:
                continue
            raise
        data = data[written:]


def emit(header, payload=b''):
    write_all(OUT, (json.dumps(header) + '\n').encode('utf-8') + payload)


class Run(object):
    def __init__(self, run_id, pid, fds, reply_fd):
        self.id = run_id
        self.pid = pid
        self.fds = fds  # read fd -> stream name
        self.reply_fd = reply_fd
        self.status = None


def child(request_text, ends, keep_fds):
    """In the forked child: own session, the run's pipes on fds 1-4, then the harness."""
    try:
        os.setsid()
        if _prctl is not None:
            # Linux: if the warm parent dies (and with it the host's way to kill this run), so does the run.
            _prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        try:
            signal.set_wakeup_fd(-1)
        except (ValueError, AttributeError):
            pass
        out_w, err_w, msg_w, reply_r = ends
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.dup2(msg_w, 3)
        os.dup2(reply_r, 4)
        # Every other descriptor is the parent's or another run's: close them all (listing them is
        # much cheaper than closing 65536 numbers where close_range does not exist, as on 2.7).
        try:
            for name in os.listdir('/proc/self/fd'):
                if int(name) >= 5:
                    try:
                        os.close(int(name))
                    except OSError:
                        pass
        except OSError:
            os.closerange(5, 1 << 16)
        request = json.loads(request_text.decode('utf-8'))
        status = syncano_harness.run(request)
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 1
    except BaseException:
        import traceback
        traceback.print_exc()
        status = 70
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    os._exit(status if isinstance(status, int) and 0 <= status < 256 else 1)


def main():
    runs = {}  # id -> Run
    by_fd = {}  # read fd -> Run
    pending = b''
    wake_r, wake_w = os.pipe()
    for fd in (wake_r, wake_w):
        import fcntl
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    signal.set_wakeup_fd(wake_w)
    # Everything imported so far is shared with every child: moved out of the collector's reach
    # (3.7+), a child's collections do not touch, and so copy, those pages.
    gc.collect()
    if hasattr(gc, 'freeze'):
        gc.freeze()
    emit({'t': 'ready'})
    stdin_open = True

    def finish_if_done(run):
        if run.status is not None and not run.fds:
            code, sig = run.status
            emit({'id': run.id, 't': 'exit', 'code': code, 'signal': sig})
            try:
                os.close(run.reply_fd)
            except OSError:
                pass
            del runs[run.id]

    def reap():
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except OSError as error:
                if error.errno == errno.EINTR:
                    continue
                return
            if pid == 0:
                return
            for run in list(runs.values()):
                if run.pid == pid:
                    if os.WIFSIGNALED(status):
                        run.status = (None, os.WTERMSIG(status))
                    else:
                        run.status = (os.WEXITSTATUS(status), None)
                    finish_if_done(run)

    def kill(run):
        for target in (lambda: os.killpg(run.pid, signal.SIGKILL), lambda: os.kill(run.pid, signal.SIGKILL)):
            try:
                target()
            except OSError:
                pass

    def command(line, payload):
        parts = line.split()
        op = parts[0]
        run_id = int(parts[1])
        if op == 'run':
            out_r, out_w = os.pipe()
            err_r, err_w = os.pipe()
            msg_r, msg_w = os.pipe()
            reply_r, reply_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                child(payload, (out_w, err_w, msg_w, reply_r), ())
            for fd in (out_w, err_w, msg_w, reply_r):
                os.close(fd)
            run = Run(run_id, pid, {out_r: 'out', err_r: 'err', msg_r: 'msg'}, reply_w)
            runs[run_id] = run
            for fd in run.fds:
                by_fd[fd] = run
        elif op == 'kill':
            run = runs.get(run_id)
            if run is not None:
                kill(run)
        elif op == 'reply':
            run = runs.get(run_id)
            if run is not None:
                try:
                    write_all(run.reply_fd, payload)
                except OSError:
                    pass

    while True:
        watch = [wake_r] + list(by_fd.keys()) + ([0] if stdin_open else [])
        if not stdin_open and not runs:
            break
        try:
            ready, _, _ = select.select(watch, [], [])
        except (select.error, OSError) as error:
            if error.args and error.args[0] == errno.EINTR:
                continue
            raise
        for fd in ready:
            if fd == wake_r:
                try:
                    while os.read(wake_r, 512):
                        pass
                except OSError:
                    pass
                reap()
            elif fd == 0:
                data = os.read(0, CHUNK)
                if not data:
                    stdin_open = False
                    for run in list(runs.values()):
                        kill(run)
                    continue
                pending += data
                while True:
                    newline = pending.find(b'\n')
                    if newline < 0:
                        break
                    line = pending[:newline].decode('ascii')
                    parts = line.split()
                    length = int(parts[2]) if len(parts) > 2 else 0
                    if len(pending) < newline + 1 + length:
                        break
                    payload = pending[newline + 1:newline + 1 + length]
                    pending = pending[newline + 1 + length:]
                    command(line, payload)
            else:
                run = by_fd.get(fd)
                if run is None:
                    continue
                data = os.read(fd, CHUNK)
                if data:
                    emit({'id': run.id, 't': run.fds[fd], 'n': len(data)}, data)
                else:
                    os.close(fd)
                    del run.fds[fd]
                    del by_fd[fd]
                    finish_if_done(run)
        reap()


if __name__ == '__main__':
    main()
