// peak-rss OUTPUT PROGRAM [ARGUMENTS...]
//
// Runs PROGRAM and writes its peak resident set size, in kilobytes, to OUTPUT; exits as PROGRAM did.
//
// Why a separate, tiny C program: Linux records in a child's ru_maxrss the peak of the memory it replaced at
// exec. A child spawned by pony-bench (vfork-style posix_spawn, or fork) starts from pony-bench's own memory,
// so wait4 reports pony-bench's peak, not the program's. Spawned from this ~1 MB process instead, the
// program's figure is its own.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: peak-rss OUTPUT PROGRAM [ARGUMENTS...]\n");
        return 2;
    }
    pid_t child = fork();
    if (child < 0) {
        fprintf(stderr, "peak-rss: fork: %s\n", strerror(errno));
        return 2;
    }
    if (child == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "peak-rss: cannot run %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    while (wait4(child, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "peak-rss: wait4: %s\n", strerror(errno));
            return 2;
        }
    }
    FILE *output = fopen(argv[1], "w");
    if (output == NULL) {
        fprintf(stderr, "peak-rss: cannot write %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    fprintf(output, "%ld\n", usage.ru_maxrss);
    fclose(output);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}
