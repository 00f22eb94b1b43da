// The GNU build id of the binary tally's code is linked into: the linker's hash of that binary, so two builds
// share it only when they are the same program. The output cache keys on it, because generated files depend on
// the generator's code as much as on the definitions. Where there is none, the cache hashes that binary's bytes
// instead, read from the file tally_code_file names.
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

struct owner {
    uintptr_t address;
    int found;
    const char *name;
};

static int find_owner(struct dl_phdr_info *info, size_t size, void *context) {
    (void)size;
    struct owner *owner = context;
    if (!contains_address(info, owner->address)) return 0;
    owner->found = 1;
    owner->name = info->dlpi_name;
    return 1;
}

size_t tally_code_file(char *out, size_t capacity) {
    struct owner owner = {(uintptr_t)&tally_code_file, 0, NULL};
    dl_iterate_phdr(find_owner, &owner);
    if (!owner.found) return 0;
    // The loader names the main program by nothing or by its argv[0], which may be a bare command name or made up
    // (exec -a); /proc/self/exe opens the very file the kernel ran, even if it was replaced since.
    const char *name = owner.name != NULL && owner.name[0] == '/' ? owner.name : "/proc/self/exe";
    size_t length = strlen(name);
    if (length >= capacity) return 0;
    memcpy(out, name, length + 1);
    return length;
}
#else
#include <dlfcn.h>

size_t tally_build_id(uint8_t *out, size_t capacity) {
    (void)out;
    (void)capacity;
    return 0;
}

size_t tally_code_file(char *out, size_t capacity) {
    // dyld (macOS) names each image by the path it was loaded from, the main program included.
    Dl_info info;
    if (!dladdr((const void *)&tally_code_file, &info) || info.dli_fname == NULL) return 0;
    size_t length = strlen(info.dli_fname);
    if (length == 0 || length >= capacity) return 0;
    memcpy(out, info.dli_fname, length + 1);
    return length;
}
#endif
