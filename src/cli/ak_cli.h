/* ak_cli.h - the az-compatible client: `aksemu group|aks|vmss|az-env ...`, a real ARM
 * client of the daemon (libcurl), with az 2.45's flag names, defaults, output formats and
 * error shapes. */
#ifndef AK_CLI_H
#define AK_CLI_H

/* argv[0] is the program, argv[1] the command group. Returns the process exit code. */
int ak_cli_main(int argc, char **argv);

#endif
