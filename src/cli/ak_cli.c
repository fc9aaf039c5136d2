#include "ak_cli.h"

#include <stdio.h>
#include <string.h>

#include "ak_cli_int.h"
#include "../util/ak_banned.h"

int ak_cli_main(int argc, char **argv)
{
    const char *cmd = argv[1];
    if (strcmp(cmd, "az-env") == 0)
        return ak_cmd_az_env(argc - 1, argv + 1);
    fprintf(stderr, "aksemu: unknown command '%s' (run 'aksemu help')\n", cmd);
    return 2;
}
