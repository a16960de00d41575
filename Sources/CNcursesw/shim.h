#ifndef TTSDASH_NCURSES_SHIM_H
#define TTSDASH_NCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <poll.h>
#include <errno.h>

/* Swift 6 cannot use ncurses' mutable globals or function-like macros directly;
   these wrappers are the only way Swift touches them. */
static inline WINDOW *tts_stdscr(void) { return stdscr; }
static inline int tts_lines(void) { return LINES; }
static inline int tts_cols(void) { return COLS; }
static inline int tts_colors(void) { return COLORS; }
static inline int tts_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t tts_a_normal(void) { return A_NORMAL; }
static inline attr_t tts_a_bold(void) { return A_BOLD; }
static inline attr_t tts_a_underline(void) { return A_UNDERLINE; }
static inline attr_t tts_a_reverse(void) { return A_REVERSE; }
static inline attr_t tts_a_dim(void) { return A_DIM; }
static inline int tts_key_f(int n) { return KEY_F(n); }

static inline int tts_set_style(attr_t attrs, short pair) { return attr_set(attrs, pair, NULL); }
static inline int tts_put(int y, int x, const wchar_t *s, int n) { return mvaddnwstr(y, x, s, n); }

/* One key: returns OK (character in *out), KEY_CODE_YES (key code in *out) or ERR. */
static inline int tts_get_wch(int *out) {
    wint_t c = 0;
    int r = wget_wch(stdscr, &c);
    *out = (int)c;
    return r;
}

/* ---- Always restore the terminal ----------------------------------------------
   The signal handlers only use async-signal-safe calls: write() of the terminal's
   own "leave alternate screen / show cursor / reset attributes" strings, captured at
   start, and tcsetattr() of the termios saved before initscr(). */
/* File-scope statics in a header are not emitted for Swift; a function-local static is. */
struct tts_restore_state {
    struct termios saved_termios;
    int have_termios;
    char seq[256];
    size_t len;
    volatile sig_atomic_t active;
};
static inline struct tts_restore_state *tts_state(void) {
    static struct tts_restore_state state;
    return &state;
}
#define tts_saved_termios (tts_state()->saved_termios)
#define tts_have_termios (tts_state()->have_termios)
#define tts_restore_seq (tts_state()->seq)
#define tts_restore_len (tts_state()->len)
#define tts_active (tts_state()->active)

static inline void tts_save_termios(void) {
    if (tcgetattr(STDIN_FILENO, &tts_saved_termios) == 0) tts_have_termios = 1;
}

static inline void tts_append_cap(const char *name) {
    char *s = tigetstr((char *)name);
    if (s == NULL || s == (char *)-1) return;
    size_t n = strlen(s);
    if (tts_restore_len + n < sizeof(tts_restore_seq)) {
        memcpy(tts_restore_seq + tts_restore_len, s, n);
        tts_restore_len += n;
    }
}

/* Called after initscr(): remember how to leave. */
static inline void tts_capture_restore_sequence(void) {
    tts_restore_len = 0;
    tts_append_cap("sgr0");
    tts_append_cap("cnorm");
    tts_append_cap("rmkx");
    tts_append_cap("rmcup");
    tts_active = 1;
}

static inline void tts_emergency_restore(void) {
    if (!tts_active) return;
    tts_active = 0;
    if (tts_restore_len > 0) { ssize_t w = write(STDOUT_FILENO, tts_restore_seq, tts_restore_len); (void)w; }
    if (tts_have_termios) tcsetattr(STDIN_FILENO, TCSANOW, &tts_saved_termios);
}

/* Normal shutdown: endwin, then mark restored so handlers and atexit do nothing. */
static inline void tts_normal_restore(void) {
    if (!tts_active) return;
    tts_active = 0;
    endwin();
    if (tts_have_termios) tcsetattr(STDIN_FILENO, TCSANOW, &tts_saved_termios);
}

static void tts_exit_signal_handler(int sig) {
    tts_emergency_restore();
    _exit(128 + sig);
}

static void tts_fatal_signal_handler(int sig) {
    tts_emergency_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void tts_atexit_handler(void) { tts_normal_restore(); }

static inline void tts_install_restore_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = tts_exit_signal_handler;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    sa.sa_handler = tts_fatal_signal_handler;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    atexit(tts_atexit_handler);
}

/* Waits for input on stdin or the wake-up pipe; returns poll()'s result (EINTR -> 0). */
static inline int tts_wait(int wake_fd, int timeout_ms, int *stdin_ready, int *wake_ready) {
    struct pollfd fds[2];
    fds[0].fd = STDIN_FILENO; fds[0].events = POLLIN; fds[0].revents = 0;
    fds[1].fd = wake_fd; fds[1].events = POLLIN; fds[1].revents = 0;
    int r = poll(fds, wake_fd >= 0 ? 2 : 1, timeout_ms);
    *stdin_ready = (r > 0) && (fds[0].revents & (POLLIN | POLLHUP | POLLERR));
    *wake_ready = (r > 0) && wake_fd >= 0 && (fds[1].revents & POLLIN);
    if (r < 0 && errno == EINTR) return 0;
    return r;
}
#endif
