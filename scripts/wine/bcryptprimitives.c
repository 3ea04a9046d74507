/* A stand-in for bcryptprimitives.dll, which Debian's Wine 8.0 lacks.
 *
 * Rust's std (1.78 and later) takes its random numbers from ProcessPrng in bcryptprimitives.dll (imported
 * with raw-dylib, see library/std/src/sys/pal/windows/c.rs); without the DLL every Rust program fails to
 * start under that Wine with status c0000135. This file exports the one function std calls and fills the
 * buffer from RtlGenRandom (SystemFunction036 in advapi32), which Wine has.
 *
 * Built by scripts/cross-toolchain.sh with the MinGW gcc and copied into the Wine prefix's
 * windows/system32. It is for running tests under Wine only; it is never shipped (Windows 8.1 and later
 * have the real DLL).
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x7fffffffUL ? 0x7fffffffUL : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}
