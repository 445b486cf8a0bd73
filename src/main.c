/* leanvpn - command line entry point. */
#include <stdio.h>
#include <string.h>

#include "config.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: leanvpn --config FILE [--option args ...]\n"
		"       leanvpn --config FILE --check-config\n"
		"       leanvpn --version | --help\n");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 1;
}
