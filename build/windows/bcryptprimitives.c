/*
 * A stand-in bcryptprimitives.dll for running Jiedao.exe under wine 8 in
 * `make windows-check`. Test scaffolding only: it is never shipped, never
 * put into the MSI, and only ever copied into a throwaway wine prefix.
 *
 * Go >= 1.22 gets its random numbers from ProcessPrng in
 * bcryptprimitives.dll (present since Windows 10); wine 8's builtin
 * bcryptprimitives.dll lacks that export, so a Go program stops at
 * start-up. This DLL provides ProcessPrng over RtlGenRandom
 * (advapi32!SystemFunction036), which wine has.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
	while (size > 0) {
		ULONG n = size > 0x10000000 ? 0x10000000 : (ULONG)size;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		size -= n;
	}
	return TRUE;
}
