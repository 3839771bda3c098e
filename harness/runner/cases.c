#include "cases.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BINDV6ONLY "/proc/sys/net/ipv6/bindv6only"

static const struct variant variants[] = {
	{.setting = {{.key = "bindv6only", .path = BINDV6ONLY, .value = "0"}}, .setting_count = 1},
	{.setting = {{.key = "bindv6only", .path = BINDV6ONLY, .value = "1"}}, .setting_count = 1},
};

const struct variant *variants_all(size_t *count)
{
	*count = sizeof variants / sizeof variants[0];
	return variants;
}

static void variant_name(const struct variant *v, char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < v->setting_count && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s=%s", i ? "," : "",
					v->setting[i].key, v->setting[i].value);
}

int cases_all(struct case_list *list)
{
	size_t variant_count;
	const struct variant *v = variants_all(&variant_count);
	list->count = 0;
	list->item = calloc(scenario_catalogue_count * variant_count + 1, sizeof *list->item);
	if (!list->item)
		return -1;
	for (size_t s = 0; s < scenario_catalogue_count; s++) {
		for (size_t i = 0; i < variant_count; i++) {
			struct case_def *c = &list->item[list->count++];
			c->scenario = &scenario_catalogue[s];
			c->variant = &v[i];
			variant_name(&v[i], c->variant_name, sizeof c->variant_name);
			snprintf(c->name, sizeof c->name, "%s/%s", c->scenario->name, c->variant_name);
		}
	}
	return 0;
}

void cases_free(struct case_list *list)
{
	free(list->item);
	list->item = NULL;
	list->count = 0;
}

static int matches(const struct case_def *c, const char *pattern)
{
	if (fnmatch(pattern, c->name, 0) == 0)
		return 1;
	return strchr(pattern, '/') == NULL && fnmatch(pattern, c->scenario->name, 0) == 0;
}

int cases_select(const struct case_list *all, char *const *patterns, size_t pattern_count,
		 struct case_list *selected, const char **unmatched)
{
	selected->count = 0;
	selected->item = calloc(all->count + 1, sizeof *selected->item);
	if (!selected->item)
		return -1;
	for (size_t p = 0; p < pattern_count; p++) {
		int any = 0;
		for (size_t i = 0; i < all->count && !any; i++)
			any = matches(&all->item[i], patterns[p]);
		if (!any) {
			*unmatched = patterns[p];
			cases_free(selected);
			return -1;
		}
	}
	for (size_t i = 0; i < all->count; i++) {
		int keep = pattern_count == 0;
		for (size_t p = 0; p < pattern_count && !keep; p++)
			keep = matches(&all->item[i], patterns[p]);
		if (keep)
			selected->item[selected->count++] = all->item[i];
	}
	return 0;
}

const struct case_def *cases_find(const struct case_list *list, const char *name)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->item[i].name, name) == 0)
			return &list->item[i];
	return NULL;
}
