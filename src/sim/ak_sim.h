/* ak_sim.h - the `sim` subcommand: scenarios on a virtual clock (docs/simulation.md). */
#ifndef AK_SIM_H
#define AK_SIM_H

int ak_cmd_sim(int argc, char **argv);

#endif
