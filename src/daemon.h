/* daemon.h - the `serve` subcommand. */
#ifndef AK_DAEMON_H
#define AK_DAEMON_H

int ak_cmd_serve(int argc, char **argv);

#endif
