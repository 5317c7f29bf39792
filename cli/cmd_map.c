/* cmd_map.c: `ostrec map`: the catalog on the valence/arousal plane as SVG,
 * with the mood words at their coordinates and, given playlist options, the
 * playlist drawn as a numbered path. */
#include "cli.h"


static const char help[] =
    "Usage: ostrec map [-o FILE.svg] [playlist options]\n"
    "Draw the mood plane as SVG: every song as a dot at the mean of its moods'\n"
    "coordinates (its title shows on hover), the mood words where they sit, and,\n"
    "given the options of 'ostrec playlist' (--mood, --va, --scene, --arc,\n"
    "--from/--to, -n, --era, ...), that playlist as a numbered path.\n\n"
    "  --profile NAME       draw this profile's plays and likes as a heat layer (a red\n"
    "                       disc on each, larger for more), and lean the playlist to it\n"
    "  -o, --output FILE    write the SVG here (default: standard output); as\n"
    "                       with export -o, a regular file is replaced only once\n"
    "                       the map is complete, a FIFO or device is written in place\n"
    "  -h, --help           show this help\n";

static int draw(cli_ctx *ctx, playlist_request *r, FILE *out)
{
    ostrec_model *model = NULL;
    ostrec_index *index = NULL;
    ostrec_playlist *p = NULL;
    int status = cli_open_index(ctx, &model, &index), rc = OSTREC_OK;
    if (status == EXIT_OK && r->profile) status = playlist_request_lean(ctx, index, r);
    if (status != EXIT_OK) {
        ostrec_index_free(index);
        ostrec_model_free(model);
        return status;
    }
    if (r->aims > 0 && (rc = ostrec_playlist_make(ctx->db, index, &r->q, &p)) == OSTREC_OK)
        playlist_explain_shortfall(&r->q, p);
    if (rc == OSTREC_OK) rc = ostrec_map_write_taste(ctx->db, index, p, r->taste, out);
    if (rc != OSTREC_OK) status = cli_fail(ctx, rc);
    ostrec_playlist_free(p);
    ostrec_index_free(index);
    ostrec_model_free(model);
    return status;
}

int cmd_map(cli_ctx *ctx, int argc, char **argv)
{
    playlist_request r;
    playlist_request_init(&r);
    int status = playlist_request_parse("map", argc, argv, help, 1, &r);
    if (status == CLI_HELP_SHOWN) return EXIT_OK;
    if (status == EXIT_OK) status = playlist_request_resolve(ctx, "map", &r);
    if (status == EXIT_OK) {
        cli_output out;
        status = cli_output_open(&out, r.output);
        if (status == EXIT_OK) status = cli_output_finish(&out, draw(ctx, &r, out.f));
    }
    playlist_request_release(&r);
    return status;
}
