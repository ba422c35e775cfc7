/* Internal to the model loader: a YAML document as a small tree of located nodes, built from
 * libyaml's event stream with bounded nesting and bounded alias expansion. */
#ifndef WFSIM_MODEL_YAML_H
#define WFSIM_MODEL_YAML_H
#include <stddef.h>
#include "wfsim/diag.h"

enum ynode_kind { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ynode_kind kind;
	int line, col;		/* 1-based start of the node */
	char *s;		/* scalar text (NUL-terminated; may contain NULs, see len) */
	size_t len;
	int plain;		/* an unquoted scalar: "", "~" and "null" are then null */
	struct ynode **kid;	/* sequence: items; mapping: key, value, key, value ... */
	size_t n;		/* items, or pairs for a mapping */
	size_t cap;
	size_t size;		/* nodes in the subtree with aliases expanded (saturating) */
	char *anchor;
	const char *src;	/* NULL: the model file; else the override the node comes from */
};

struct ytree {
	struct ynode *root;	/* NULL for an empty stream */
	struct ynode **all;	/* every node, for freeing: aliases share nodes */
	size_t n, cap;
	char **labels;		/* names of the overrides applied (owned) */
	size_t n_labels, cap_labels;
};

#define YAML_MAX_DEPTH		64	/* nesting of lists and mappings */
#define YAML_MAX_EXPANDED	100000	/* nodes reached through aliases */
#define YAML_MAX_ANCHORS	1000	/* distinct anchor names, looked up linearly */

/* Parses text into t.  Returns 0, or -1 after putting the error into diag (syntax errors
 * with libyaml's problem and position, too deep nesting, alias bombs, undefined aliases,
 * several documents).  The caller frees t with wf_yaml_free in both cases. */
int wf_yaml_parse(const char *text, size_t len, const char *file, struct wf_diag *d,
		  struct ytree *t);
void wf_yaml_free(struct ytree *t);
/* 1 if n is a null scalar (missing value). */
int wf_yaml_null(const struct ynode *n);

#endif
