#include "ak_cli.h"

#include <stdio.h>

int ak_cli_main(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "aksemu: unknown command '%s' (run 'aksemu help')\n", argv[1]);
    return 2;
}
