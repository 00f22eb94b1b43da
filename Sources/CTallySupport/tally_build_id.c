// The GNU build id of the binary tally's code is linked into: the linker's hash of that binary, so two builds
// share it only when they are the same program. The output cache keys on it, because generated files depend on
// the generator's code as much as on the definitions.
#define _GNU_SOURCE
#include "tally_support.h"

#include <string.h>

#if defined(__linux__)
#include <elf.h>
#include <link.h>

struct search {
    uintptr_t address;
    uint8_t *out;
    size_t capacity;
    size_t found;
};

static int contains_address(const struct dl_phdr_info *info, uintptr_t address) {
    for (int index = 0; index < info->dlpi_phnum; index++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[index];
        if (header->p_type != PT_LOAD) continue;
        uintptr_t start = info->dlpi_addr + header->p_vaddr;
        if (address >= start && address < start + header->p_memsz) return 1;
    }
    return 0;
}

static int visit(struct dl_phdr_info *info, size_t size, void *context) {
    (void)size;
    struct search *search = context;
    if (!contains_address(info, search->address)) return 0;
    for (int index = 0; index < info->dlpi_phnum; index++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[index];
        if (header->p_type != PT_NOTE) continue;
        const uint8_t *note = (const uint8_t *)(info->dlpi_addr + header->p_vaddr);
        const uint8_t *end = note + header->p_memsz;
        while (note + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *entry = (const ElfW(Nhdr) *)note;
            const uint8_t *name = note + sizeof(ElfW(Nhdr));
            const uint8_t *description = name + ((entry->n_namesz + 3) & ~3u);
            const uint8_t *next = description + ((entry->n_descsz + 3) & ~3u);
            if (next > end) break;
            if (entry->n_type == NT_GNU_BUILD_ID && entry->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
                size_t length = entry->n_descsz < search->capacity ? entry->n_descsz : search->capacity;
                memcpy(search->out, description, length);
                search->found = length;
                return 1;
            }
            note = next;
        }
    }
    return 1;  // the right object, without a build id
}

size_t tally_build_id(uint8_t *out, size_t capacity) {
    struct search search = {(uintptr_t)&tally_build_id, out, capacity, 0};
    dl_iterate_phdr(visit, &search);
    return search.found;
}
#else
size_t tally_build_id(uint8_t *out, size_t capacity) {
    (void)out;
    (void)capacity;
    return 0;
}
#endif
