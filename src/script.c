/* SPDX-License-Identifier: BSD-2-Clause */
/* leanvpn - environment set, command splitting, running scripts
 * (script.h). */
#include "src/script.h"

#include "base/buf.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORDS 64
#define SPLIT_BUF 4096

int lvpn_env_init(struct lvpn_env *e, unsigned cap, size_t entry_max)
{
	memset(e, 0, sizeof(*e));
	if (cap == 0 || entry_max < 4)
		return LVPN_ERR_INVAL;
	e->slots = calloc(cap, entry_max);
	e->envp = calloc(cap + 1, sizeof(char *));
	if (e->slots == NULL || e->envp == NULL) {
		lvpn_env_free(e);
		return LVPN_ERR_NOMEM;
	}
	e->cap = cap;
	e->entry_max = entry_max;
	return 0;
}

void lvpn_env_free(struct lvpn_env *e)
{
	free(e->slots);
	free(e->envp);
	memset(e, 0, sizeof(*e));
}

void lvpn_env_clear(struct lvpn_env *e)
{
	if (e->slots)
		lvpn_wipe(e->slots, (size_t)e->n * e->entry_max);
	e->n = 0;
}

static char *slot(const struct lvpn_env *e, unsigned i)
{
	return e->slots + (size_t)i * e->entry_max;
}

/* Index of name, or e->n. */
static unsigned find(const struct lvpn_env *e, const char *name, size_t len)
{
	unsigned i;

	for (i = 0; i < e->n; i++)
		if (strncmp(slot(e, i), name, len) == 0 && slot(e, i)[len] == '=')
			break;
	return i;
}

/* Doubles the capacity: a new block, the entries copied, the old block
 * wiped (it may hold a password) and freed.  0 or LVPN_ERR_NOMEM. */
static int grow(struct lvpn_env *e)
{
	unsigned cap = e->cap * 2;
	char *slots, **envp;

	if (cap <= e->cap || cap > LVPN_ENV_MAX)
		return LVPN_ERR_BUFSIZE;
	slots = calloc(cap, e->entry_max);
	envp = calloc(cap + 1, sizeof(char *));
	if (slots == NULL || envp == NULL) {
		free(slots);
		free(envp);
		return LVPN_ERR_NOMEM;
	}
	memcpy(slots, e->slots, (size_t)e->n * e->entry_max);
	lvpn_wipe(e->slots, (size_t)e->cap * e->entry_max);
	free(e->slots);
	free(e->envp);
	e->slots = slots;
	e->envp = envp;
	e->cap = cap;
	return 0;
}

int lvpn_env_set(struct lvpn_env *e, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	unsigned i;
	char *s;

	if (nl == 0)
		return LVPN_ERR_INVAL;
	for (size_t k = 0; k < nl; k++) {
		char c = name[k];
		if (!(c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z')))
			return LVPN_ERR_INVAL;
	}
	if (nl + 1 + vl + 1 > e->entry_max)
		return LVPN_ERR_BUFSIZE;
	i = find(e, name, nl);
	if (i == e->n && e->n == e->cap) {
		int rc = grow(e);

		if (rc)
			return rc;
	}
	s = slot(e, i);
	memcpy(s, name, nl);
	s[nl] = '=';
	for (size_t k = 0; k < vl; k++) {
		unsigned char c = (unsigned char)value[k];
		s[nl + 1 + k] = (c >= 0x20 && c < 0x7f) ? (char)c : '_';
	}
	s[nl + 1 + vl] = '\0';
	if (i == e->n)
		e->n++;
	return 0;
}

int lvpn_env_setf(struct lvpn_env *e, const char *name, const char *fmt, ...)
{
	char v[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(v))
		return LVPN_ERR_BUFSIZE;
	return lvpn_env_set(e, name, v);
}

void lvpn_env_unset(struct lvpn_env *e, const char *name)
{
	unsigned i = find(e, name, strlen(name));

	if (i >= e->n)
		return;
	/* the last entry takes its place: the order means nothing */
	e->n--;
	if (i != e->n)
		memcpy(slot(e, i), slot(e, e->n), e->entry_max);
	lvpn_wipe(slot(e, e->n), e->entry_max);
}

const char *lvpn_env_get(const struct lvpn_env *e, const char *name)
{
	unsigned i = find(e, name, strlen(name));

	return i < e->n ? slot(e, i) + strlen(name) + 1 : NULL;
}

static int space(char c)
{
	return c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

enum { INITIAL, UNQUOTED, DQUOTED, SQUOTED };

int lvpn_script_split(const char *cmd, char *buf, size_t bufsize, char **argv, unsigned max_argv,
                      unsigned *argc, struct lvpn_log *lg)
{
	size_t used = 0, start = 0;
	unsigned n = 0;
	int state = INITIAL, backslash = 0;

	for (size_t i = 0;; i++) {
		char in = cmd[i], out = 0;
		int done = 0;

		if (!backslash && in == '\\' && state != SQUOTED) {
			backslash = 1;
		} else {
			if (state == INITIAL) {
				if (!space(in)) {
					if (in == ';' || in == '#')
						break; /* the rest is a comment */
					if (!backslash && in == '"')
						state = DQUOTED;
					else if (!backslash && in == '\'')
						state = SQUOTED;
					else {
						out = in;
						state = UNQUOTED;
					}
				}
			} else if (state == UNQUOTED) {
				if (!backslash && space(in))
					done = 1;
				else
					out = in;
			} else if (state == DQUOTED) {
				if (!backslash && in == '"')
					done = 1;
				else
					out = in;
			} else if (in == '\'') {
				done = 1;
			} else {
				out = in;
			}
			if (backslash && out && !(out == '\\' || out == '"' || space(out))) {
				LVPN_LOG(lg, LVPN_LOG_ERR,
				         "script command '%s': bad backslash usage "
				         "(only \\\\, \\\" and \\<space> are escapes)",
				         cmd);
				return LVPN_ERR_CONFIG;
			}
			backslash = 0;
		}
		if (out) {
			if (used + 1 >= bufsize)
				return LVPN_ERR_BUFSIZE;
			buf[used++] = out;
		}
		if (done) {
			if (n + 1 >= max_argv || used >= bufsize)
				return LVPN_ERR_BUFSIZE;
			buf[used++] = '\0';
			argv[n++] = buf + start;
			start = used;
			state = INITIAL;
		}
		if (in == '\0')
			break;
	}
	if (state != INITIAL) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "script command '%s': %s", cmd,
		         state == DQUOTED   ? "no closing quotation (\")"
		         : state == SQUOTED ? "no closing single quotation (')"
		                            : "ends in a backslash");
		return LVPN_ERR_CONFIG;
	}
	if (n == 0) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "script command is empty");
		return LVPN_ERR_CONFIG;
	}
	argv[n] = NULL;
	*argc = n;
	return 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Fills e->envp with the variables this security level may pass. */
static void make_envp(struct lvpn_env *e, enum lvpn_ssec sec)
{
	unsigned k = 0;

	for (unsigned i = 0; i < e->n; i++)
		if (sec >= LVPN_SSEC_PW_ENV || strncmp(slot(e, i), "password", 8) != 0)
			e->envp[k++] = slot(e, i);
	e->envp[k] = NULL;
}

static int status_of(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 255;
}

int lvpn_script_run(const struct lvpn_script *s, const char *type, const char *cmd,
                    const char *const *extra, unsigned n_extra, struct lvpn_env *env, int *status)
{
	char buf[SPLIT_BUF];
	char *argv[MAX_WORDS];
	unsigned argc;
	int rc;

	if (s->timeout_ms <= 0)
		return LVPN_ERR_INVAL;
	if (s->security < LVPN_SSEC_SCRIPTS) {
		LVPN_LOG(s->lg, LVPN_LOG_WARN,
		         "WARNING: External program may not be called "
		         "unless '--script-security 2' or higher is enabled (--%s %s not run)",
		         type, cmd);
		return LVPN_ERR_CONFIG;
	}
	rc = lvpn_script_split(cmd, buf, sizeof(buf), argv, MAX_WORDS, &argc, s->lg);
	if (rc)
		return rc;
	if (argc + n_extra + 1 > MAX_WORDS)
		return LVPN_ERR_BUFSIZE;
	for (unsigned i = 0; i < n_extra; i++)
		argv[argc++] = (char *)extra[i];
	argv[argc] = NULL;
	rc = lvpn_env_set(env, "script_type", type);
	if (rc)
		return rc;
	make_envp(env, s->security);
	return lvpn_script_exec(type, argv, env->envp, s->timeout_ms, s->lg, status);
}

int lvpn_script_exec(const char *type, char *const *argv, char *const *envp, int timeout_ms,
                     struct lvpn_log *lg, int *status)
{
	long deadline;
	pid_t pid;
	int st;

	if (timeout_ms <= 0)
		return LVPN_ERR_INVAL;
	pid = fork();
	if (pid < 0) {
		LVPN_LOG(lg, LVPN_LOG_ERR, "--%s: fork: %s", type, strerror(errno));
		return LVPN_ERR_IO;
	}
	if (pid == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setpgid(0, 0); /* a timeout stops the script and its children */
		execve(argv[0], argv, envp);
		_exit(127);
	}
	setpgid(pid, pid); /* also here: no race with the child's own call */
	deadline = now_ms() + timeout_ms;
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			LVPN_LOG(lg, LVPN_LOG_ERR, "--%s: waitpid: %s", type, strerror(errno));
			return LVPN_ERR_IO;
		}
		if (now_ms() >= deadline) {
			LVPN_LOG(lg, LVPN_LOG_ERR, "--%s %s: still running after %d ms, killed",
			         type, argv[0], timeout_ms);
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			*status = status_of(st);
			return LVPN_ERR_TIMEOUT;
		}
		struct timespec ts = {0, 5 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	*status = status_of(st);
	if (*status != 0)
		LVPN_LOG(lg, LVPN_LOG_WARN, "--%s %s: exited with status %d%s", type, argv[0],
		         *status, *status == 127 ? " (could not be executed?)" : "");
	return 0;
}
