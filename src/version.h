#ifndef AK_VERSION_H
#define AK_VERSION_H
#define AKSEMU_VERSION "0.1.0"
#endif
