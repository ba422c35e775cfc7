/* One replication's results as a flat run of bytes, so that MPI ranks can hand them to each
 * other: every double and count is copied as its raw bytes (never printed as text), so the
 * results unpacked on rank 0 are bit for bit those computed on the rank that ran them. */
#ifndef WFSIM_REP_PACK_H
#define WFSIM_REP_PACK_H
#include <stddef.h>
#include "wfsim/sim.h"

/* Bytes one replication of m packs into: the same for every replication of m (about 40 KB,
 * 32 KB of it the cycle-time histogram). */
size_t wf_rep_pack_size(const struct wf_model *m);
/* Writes r (a result of m, initialised by wf_rep_result_init) into buf[0..wf_rep_pack_size). */
void wf_rep_pack(const struct wf_rep_result *r, const struct wf_model *m, unsigned char *buf);
/* Reads buf (from wf_rep_pack of a result of the same model, on a machine with the same byte
 * order) into r, initialised by wf_rep_result_init for m: every field is overwritten. */
void wf_rep_unpack(struct wf_rep_result *r, const struct wf_model *m, const unsigned char *buf);

#endif
