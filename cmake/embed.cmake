# Turns a data file into a C source with a NUL-terminated char array.
# cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed.cmake
file(READ "${IN}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," content "${content}")
file(WRITE "${OUT}" "/* generated from ${IN} - do not edit */\nconst char ${NAME}[] = {${content}0x00};\n")
