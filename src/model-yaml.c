/* YAML to a tree of located nodes, from libyaml's event API rather than yaml_parser_load: we
 * own the nesting counter (a file of 100000 '[' must be an error, not a deep structure) and
 * aliases become shared nodes whose expanded size is counted, so an alias bomb stops early. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "model-yaml.h"
#include "wfsim/xalloc.h"

struct anchor {
	char *name;
	struct ynode *node;
};

struct builder {
	struct ytree *t;
	struct ynode *stack[YAML_MAX_DEPTH];
	int depth;
	struct anchor *anchors;
	size_t n_anchors, cap_anchors;
	size_t expanded;	/* nodes reached through aliases so far */
};

static struct ynode *
node_new(struct builder *b, enum ynode_kind kind, yaml_mark_t mark, const yaml_char_t *anchor)
{
	struct ynode *n = wf_xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = (int)mark.line + 1;
	n->col = (int)mark.column + 1;
	n->size = 1;
	if (anchor != NULL)
		n->anchor = wf_xstrdup((const char *)anchor);
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): the elements are pointers */
	b->t->all = wf_xgrow(b->t->all, &b->t->cap, b->t->n + 1, sizeof(*b->t->all));
	b->t->all[b->t->n++] = n;
	return n;
}

/* Hangs n under the open container, or makes it the root. */
static void
attach(struct builder *b, struct ynode *n)
{
	struct ynode *p;

	if (b->depth == 0) {
		b->t->root = n;
		return;
	}
	/* stack[0 .. depth-1] hold the open containers; the analyzer cannot know that */
	p = b->stack[b->depth - 1];
	/* NOLINTNEXTLINE(bugprone-sizeof-expression,clang-analyzer-core.NullDereference) */
	p->kid = wf_xgrow(p->kid, &p->cap, p->n + 1, sizeof(*p->kid));
	p->kid[p->n++] = n;
}

/* An anchor names the node once it is complete, so an alias inside its own node is
 * undefined there: the tree stays acyclic.  A later anchor of the same name wins.  -1 when
 * there are more than YAML_MAX_ANCHORS names (each alias searches them all). */
static int
anchor_set(struct builder *b, struct ynode *n)
{
	size_t i;

	if (n->anchor == NULL)
		return 0;
	for (i = 0; i < b->n_anchors; i++)
		if (strcmp(b->anchors[i].name, n->anchor) == 0) {
			b->anchors[i].node = n;
			return 0;
		}
	if (b->n_anchors >= YAML_MAX_ANCHORS)
		return -1;
	b->anchors = wf_xgrow(b->anchors, &b->cap_anchors, b->n_anchors + 1, sizeof(*b->anchors));
	b->anchors[b->n_anchors].name = n->anchor;
	b->anchors[b->n_anchors++].node = n;
	return 0;
}

static struct ynode *
anchor_get(struct builder *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->n_anchors; i++)
		if (strcmp(b->anchors[i].name, name) == 0)
			return b->anchors[i].node;
	return NULL;
}

/* Line and column (1-based) of byte offset off, for reader errors that carry no mark. */
static void
offset_pos(const char *text, size_t len, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

/* Column (1-based) of the first tab in the leading white space of line `line`, or 0. */
static int
indent_tab(const char *text, size_t len, int line)
{
	size_t i = 0;
	int l = 1;

	for (; i < len && l < line; i++)
		if (text[i] == '\n')
			l++;
	if (l != line)
		return 0;
	for (l = 1; i < len && (text[i] == ' ' || text[i] == '\t'); i++, l++)
		if (text[i] == '\t')
			return l;
	return 0;
}

static void
syntax_error(yaml_parser_t *p, const char *text, size_t len, const char *file, struct wf_diag *d)
{
	int line, col;

	if (p->error == YAML_MEMORY_ERROR) {
		wf_diag_error(d, file, 0, 0, "out of memory while reading the yaml");
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		offset_pos(text, len, p->problem_offset, &line, &col);
		if (p->problem_value != -1)
			wf_diag_error(d, file, line, col, "invalid yaml: %s (byte 0x%02x): is this a text file?",
			    p->problem, (unsigned)p->problem_value & 0xff);
		else
			wf_diag_error(d, file, line, col, "invalid yaml: %s", p->problem);
		return;
	}
	line = (int)p->problem_mark.line + 1;
	col = (int)p->problem_mark.column + 1;
	/* libyaml says "found character that cannot start any token" or "a tab character that
	 * violates indentation": the fault is a tab in the indentation of that line */
	if ((col = indent_tab(text, len, line)) > 0) {
		wf_diag_error(d, file, line, col, "a tab in the indentation: YAML indentation must use "
		    "spaces, not tabs");
		return;
	}
	col = (int)p->problem_mark.column + 1;
	if (p->context != NULL)
		wf_diag_error(d, file, line, col, "invalid yaml: %s (%s at line %d, column %d)",
		    p->problem ? p->problem : "syntax error", p->context,
		    (int)p->context_mark.line + 1, (int)p->context_mark.column + 1);
	else
		wf_diag_error(d, file, line, col, "invalid yaml: %s",
		    p->problem ? p->problem : "syntax error");
}

static size_t
sat_add(size_t a, size_t b)
{
	return a + b < a || a + b > ((size_t)-1) / 4 ? ((size_t)-1) / 4 : a + b;
}

int
wf_yaml_parse(const char *text, size_t len, const char *file, struct wf_diag *d, struct ytree *t)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct builder b;
	struct ynode *n;
	int rc = -1, docs = 0, done = 0;
	size_t i;

	memset(t, 0, sizeof(*t));
	memset(&b, 0, sizeof(b));
	b.t = t;
	if (!yaml_parser_initialize(&p)) {
		wf_diag_error(d, file, 0, 0, "out of memory while reading the yaml");
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(&p, text, len, file, d);
			goto out;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				wf_diag_error(d, file, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
				    "a second yaml document: a model file holds exactly one");
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_SCALAR_EVENT:
			n = node_new(&b, Y_SCALAR, ev.start_mark, ev.data.scalar.anchor);
			n->len = ev.data.scalar.length;
			n->s = wf_xmalloc(n->len + 1);
			memcpy(n->s, ev.data.scalar.value, n->len);
			n->s[n->len] = '\0';
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			attach(&b, n);
			if (anchor_set(&b, n) < 0)
				goto anchors;
			break;
		case YAML_ALIAS_EVENT:
			n = anchor_get(&b, (const char *)ev.data.alias.anchor);
			if (n == NULL) {
				wf_diag_error(d, file, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
				    "unknown alias '*%s': no '&%s' anchor before it",
				    ev.data.alias.anchor, ev.data.alias.anchor);
				yaml_event_delete(&ev);
				goto out;
			}
			/* the cost of an alias is the whole subtree it stands for, aliases inside
			 * included: that is what a walk of the document will visit */
			b.expanded = sat_add(b.expanded, n->size);
			if (b.expanded > YAML_MAX_EXPANDED) {
				wf_diag_error(d, file, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
				    "too many aliases expanded (more than %d nodes): the file looks like an alias bomb",
				    YAML_MAX_EXPANDED);
				yaml_event_delete(&ev);
				goto out;
			}
			attach(&b, n);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (b.depth >= YAML_MAX_DEPTH) {
				wf_diag_error(d, file, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
				    "nesting deeper than %d levels", YAML_MAX_DEPTH);
				yaml_event_delete(&ev);
				goto out;
			}
			n = node_new(&b, ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP, ev.start_mark,
			    ev.type == YAML_SEQUENCE_START_EVENT ? ev.data.sequence_start.anchor :
			    ev.data.mapping_start.anchor);
			attach(&b, n);
			b.stack[b.depth++] = n;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			/* libyaml's events nest: an end always closes the open container on top */
			n = b.stack[--b.depth];
			for (i = 0; i < n->n; i++)	/* NOLINT(clang-analyzer-core.NullDereference) */
				n->size = sat_add(n->size, n->kid[i]->size);
			if (n->kind == Y_MAP)
				n->n /= 2;	/* libyaml always closes a mapping after a value */
			if (anchor_set(&b, n) < 0)
				goto anchors;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	rc = 0;
	goto out;
anchors:
	wf_diag_error(d, file, n->line, n->col, "more than %d anchors: the file looks generated, not written",
	    YAML_MAX_ANCHORS);
	yaml_event_delete(&ev);
out:
	yaml_parser_delete(&p);
	free(b.anchors);
	return rc;
}

void
wf_yaml_free(struct ytree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->all[i]->s);
		free(t->all[i]->kid);
		free(t->all[i]->anchor);
		free(t->all[i]);
	}
	free(t->all);
	for (i = 0; i < t->n_labels; i++)
		free(t->labels[i]);
	free(t->labels);
	memset(t, 0, sizeof(*t));
}

int
wf_yaml_null(const struct ynode *n)
{
	return n->kind == Y_SCALAR && n->plain &&
	    (n->len == 0 || strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 ||
	    strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0);
}
