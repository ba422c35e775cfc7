/* `--set PATH=VALUE`: one value of a model changed without editing its file.  PATH walks the
 * parsed YAML document (mapping keys, list items by `id` or by 0-based position), VALUE is
 * parsed as a YAML flow node and replaces the node there; the loader then reads the document
 * as if the file said so, and its messages about the value point into the override. */
#include <stdlib.h>
#include <string.h>
#include "model-util.h"
#include "override.h"
#include "wfsim/xalloc.h"

int
wf_override_check(const char *text, char *err, size_t len)
{
	const char *eq = strchr(text, '='), *p;

	if (eq == NULL || eq == text) {
		snprintf(err, len, "'%s' is not PATH=VALUE (e.g. resources.agents.capacity=12)", text);
		return -1;
	}
	for (p = text; p <= eq; p++)
		if ((*p == '.' || p == eq) && (p == text || p[-1] == '.')) {
			snprintf(err, len, "'%.*s' is not a path: the names between the dots must not be empty",
			    (int)(eq - text), text);
			return -1;
		}
	return 0;
}

/* The keys whose mappings hold the user's own names: a key missing there is a typo, never
 * a new pool or calendar to create. */
static int
named_map(const char *prefix)
{
	static const char *const named[] = { "resources", "calendars", "outcomes", "arrivals.attributes" };
	size_t i, l;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		l = strlen(named[i]);
		if (strcmp(prefix, named[i]) == 0)
			return 1;
		/* arrivals.attributes.type: the values of an attribute are names too */
		if (i == 3 && strncmp(prefix, named[i], l) == 0 && prefix[l] == '.' &&
		    strchr(prefix + l + 1, '.') == NULL)
			return 1;
	}
	return 0;
}

static int
is_index(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* The item of a list whose `id` is `id`, or -1. */
static long
find_id(const struct ynode *seq, const char *id)
{
	size_t i, k;

	for (i = 0; i < seq->n; i++) {
		const struct ynode *it = seq->kid[i];

		if (it->kind != Y_MAP)
			continue;
		for (k = 0; k < it->n; k++)
			if (it->kid[2 * k]->kind == Y_SCALAR && strcmp(it->kid[2 * k]->s, "id") == 0 &&
			    it->kid[2 * k + 1]->kind == Y_SCALAR && strcmp(it->kid[2 * k + 1]->s, id) == 0)
				return (long)i;
	}
	return -1;
}

/* The candidates for "did you mean": the keys of a mapping or the ids of a list. */
static size_t
candidates(const struct ynode *n, const char ***out)
{
	const char **c = wf_xcalloc(n->n + 1, sizeof(*c));
	size_t i, k, m = 0;

	for (i = 0; i < n->n; i++) {
		const struct ynode *it = n->kind == Y_MAP ? n->kid[2 * i] : n->kid[i];

		if (n->kind == Y_MAP && it->kind == Y_SCALAR)
			c[m++] = it->s;
		else if (n->kind == Y_SEQ && it->kind == Y_MAP)
			for (k = 0; k < it->n; k++)
				if (it->kid[2 * k]->kind == Y_SCALAR && strcmp(it->kid[2 * k]->s, "id") == 0 &&
				    it->kid[2 * k + 1]->kind == Y_SCALAR)
					c[m++] = it->kid[2 * k + 1]->s;
	}
	*out = c;
	return m;
}

static struct ynode *
new_node(struct ytree *t, enum ynode_kind kind, const char *src, int col)
{
	struct ynode *n = wf_xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = 1;
	n->col = col;
	n->size = 1;
	n->src = src;
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): the elements are pointers */
	t->all = wf_xgrow(t->all, &t->cap, t->n + 1, sizeof(*t->all));
	t->all[t->n++] = n;
	return n;
}

static void
map_add(struct ytree *t, struct ynode *map, const char *key, size_t klen, int col, const char *src,
	struct ynode *val)
{
	struct ynode *k = new_node(t, Y_SCALAR, src, col);

	k->s = wf_xstrndup(key, klen);
	k->len = klen;
	k->plain = 1;
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): the elements are pointers */
	map->kid = wf_xgrow(map->kid, &map->cap, 2 * map->n + 2, sizeof(*map->kid));
	map->kid[2 * map->n] = k;
	map->kid[2 * map->n + 1] = val;
	map->n++;
}

/* One override; its label ("--set PATH") is owned by t. */
static int
apply_one(struct ytree *t, const struct wf_override *ov, struct wf_diag *d)
{
	const char *text = ov->text, *eq = strchr(text, '='), *value = eq + 1;
	size_t plen = (size_t)(eq - text), n0 = d->n, i;
	int voff = (int)plen + 1;	/* columns before the value */
	char *label, *prefix, *seg, hint[128];
	struct ynode *node, **slot = NULL, *val;
	struct ytree vt;
	const char *s, **cand;
	size_t nc;

	label = wf_xasprintf("%s %.*s", ov->opt, (int)plen, text);
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): the elements are pointers */
	t->labels = wf_xgrow(t->labels, &t->cap_labels, t->n_labels + 1, sizeof(*t->labels));
	t->labels[t->n_labels++] = label;
	wf_diag_source(d, label, text, strlen(text));
	if (wf_yaml_parse(value, strlen(value), label, d, &vt) != 0) {
		/* libyaml finds an unclosed flow node at the end: point there, on the one line */
		for (i = n0; i < d->n; i++) {
			if (d->v[i].line == 1)
				d->v[i].col += voff;
			else if (d->v[i].line > 1) {
				d->v[i].line = 1;
				d->v[i].col = (int)strlen(text) + 1;
			}
		}
		wf_yaml_free(&vt);
		return -1;
	}
	if (vt.root == NULL) {
		wf_diag_error(d, label, 1, voff + 1, "a value is needed after '=' (write '~' for none)");
		wf_yaml_free(&vt);
		return -1;
	}
	/* The value's nodes join the document, located in the override. */
	for (i = 0; i < vt.n; i++) {
		vt.all[i]->src = label;
		vt.all[i]->col += vt.all[i]->line == 1 ? voff : 0;
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): the elements are pointers */
		t->all = wf_xgrow(t->all, &t->cap, t->n + 1, sizeof(*t->all));
		t->all[t->n++] = vt.all[i];
	}
	val = vt.root;
	free(vt.all);
	for (i = 0; i < vt.n_labels; i++)
		free(vt.labels[i]);
	free(vt.labels);

	if (t->root == NULL || t->root->kind != Y_MAP) {
		wf_diag_error(d, label, 1, 1, "the model is not a mapping: nothing to set");
		return -1;
	}
	node = t->root;
	prefix = wf_xstrndup("", 0);
	for (s = text; s < eq;) {
		const char *e = s;
		int col = (int)(s - text) + 1, last;
		char *p2;

		while (e < eq && *e != '.')
			e++;
		seg = wf_xstrndup(s, (size_t)(e - s));
		last = e == eq;
		slot = NULL;
		if (node->kind == Y_MAP) {
			for (i = 0; i < node->n; i++)
				if (node->kid[2 * i]->kind == Y_SCALAR && strcmp(node->kid[2 * i]->s, seg) == 0)
					slot = &node->kid[2 * i + 1];
			if (slot == NULL && named_map(prefix)) {
				nc = candidates(node, &cand);
				wf_diag_error(d, label, 1, col, "no '%s' in '%s'%s", seg, prefix,
				    ml_hint(hint, sizeof(hint), seg, cand, nc));
				free(cand);
				goto fail;
			}
			if (slot == NULL) {
				/* A key the file leaves out: the loader says whether it is one. */
				map_add(t, node, seg, strlen(seg), col, label,
				    last ? val : new_node(t, Y_MAP, label, col));
				slot = &node->kid[2 * node->n - 1];
			}
		} else if (node->kind == Y_SEQ) {
			long k = find_id(node, seg);

			if (k < 0 && is_index(seg) && strtoul(seg, NULL, 10) < node->n)
				k = (long)strtoul(seg, NULL, 10);
			if (k < 0) {
				nc = candidates(node, &cand);
				if (is_index(seg) || nc == 0)
					wf_diag_error(d, label, 1, col, "no item %s in '%s': it is a list of %zu, "
					    "counted from 0", seg, prefix, node->n);
				else
					wf_diag_error(d, label, 1, col, "no item with id '%s' in '%s'%s", seg,
					    prefix, ml_hint(hint, sizeof(hint), seg, cand, nc));
				free(cand);
				goto fail;
			}
			slot = &node->kid[k];
		} else {
			wf_diag_error(d, label, 1, col, "'%s' is a single value in the model, not a mapping: "
			    "it has no '%s'", prefix, seg);
			goto fail;
		}
		if (last)
			*slot = val;
		node = *slot;
		p2 = *prefix ? wf_xasprintf("%s.%s", prefix, seg) : wf_xstrdup(seg);
		free(prefix);
		prefix = p2;
		free(seg);
		s = last ? e : e + 1;
	}
	free(prefix);
	return 0;
fail:
	free(seg);
	free(prefix);
	return -1;
}

int
wf_override_apply(struct ytree *t, const struct wf_override *ov, size_t n, struct wf_diag *d)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++)
		if (apply_one(t, &ov[i], d) != 0)
			rc = -1;
	return rc;
}
