/* main.c - subcommand dispatch: serve (the daemon) and the az-compatible client commands. */
#include <stdio.h>
#include <string.h>

#include "cli/ak_cli.h"
#include "daemon.h"
#include "node/ak_sandbox.h"
#include "sim/ak_sim.h"
#include "version.h"
#include "util/ak_banned.h"

static void usage(FILE *f)
{
    fputs("usage: aksemu <command> [args]\n"
          "\n"
          "  serve                  run the emulator (ARM API + per-cluster Kubernetes API)\n"
          "  group ...              az group create|show|list|delete\n"
          "  aks ...                az aks create|show|list|delete|get-credentials\n"
          "  aks nodepool ...       az aks nodepool add|list|show|scale|update|delete\n"
          "  vmss ...               az vmss list|list-instances\n"
          "  sim run SCENARIO       run a scenario on a virtual clock, write a cost report\n"
          "  az-env                 print the exports that point the real az CLI at the daemon\n"
          "  ui                     print the address of the daemon's web view (with its token)\n"
          "  version                print the version\n"
          "\n"
          "Client commands take --url (AKSEMU_URL) and --data (AKSEMU_DATA, for the daemon's\n"
          "certificate). Run 'aksemu <command> --help' for details.\n",
          f);
}

int main(int argc, char **argv)
{
    ak_sandbox_set_title_area(argc, argv);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "serve") == 0)
        return ak_cmd_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "sim") == 0)
        return ak_cmd_sim(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("aksemu %s\n", AKSEMU_VERSION);
        return 0;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout);
        return 0;
    }
    return ak_cli_main(argc, argv);
}
