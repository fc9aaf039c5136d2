/* ak_cli_int.h - shared by the CLI's files (not a public header). */
#ifndef AK_CLI_INT_H
#define AK_CLI_INT_H

int ak_cmd_az_env(int argc, char **argv);

#endif
