/* main.c: the ostrec program: global options, then one command from the
 * table below. Commands live in cmd_*.c; this file only dispatches. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const cli_command commands[] = {
    {"import", cmd_import, "load songs from a CSV or JSON file into the catalog"},
    {"export", cmd_export, "write the whole catalog as CSV or JSON"},
    {"search", cmd_search, "full-text search over titles, artists and dramas"},
    {"show", cmd_show, "show one song"},
    {"stats", cmd_stats, "counts over the catalog"},
    {"vocab", cmd_vocab, "list the controlled vocabularies"},
    {"similar", cmd_similar, "more like this: songs like one or more songs you love"},
    {"why", cmd_why, "where a song ranks for \"more like\" some songs, and what holds it back"},
    {"playlist", cmd_playlist, "a playlist for a mood, a scene, an arc of moods, or a path between songs"},
    {"scenes", cmd_scenes, "the scenes a playlist can aim at (farewell, chase, ...)"},
    {"map", cmd_map, "draw the mood plane as SVG, with a playlist's path"},
    {"vectors", cmd_vectors, "the feature matrix, with song ids and column names"},
    {"like", cmd_like, "remember that you like songs (your profile)"},
    {"dislike", cmd_dislike, "remember that you dislike songs: never recommended to you"},
    {"unlike", cmd_unlike, "forget that you liked or disliked songs"},
    {"history", cmd_history, "import your listening history or a playlist into your profile"},
    {"profile", cmd_profile, "show, export, import or forget a profile"},
    {"for-me", cmd_for_me, "recommendations from your profile: plays, likes and dislikes"},
};

static void print_help(FILE *out)
{
    fprintf(out,
            "Usage: ostrec [--db PATH] [--vocab FILE] [--model FILE] [--scenes FILE] COMMAND [OPTIONS]\n"
            "Recommendations of Korean drama soundtrack (OST) songs.\n\n"
            "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\nOptions:\n"
            "  --db PATH      the catalog database (default: $OSTREC_DB, else\n"
            "                 $XDG_DATA_HOME/ostrec/ostrec.db or ~/.local/share/ostrec/ostrec.db)\n"
            "  --vocab FILE   the vocabulary file (default: $OSTREC_VOCAB, else the built-in\n"
            "                 copy of models/vocab.json)\n"
            "  --model FILE   the feature model (default: $OSTREC_MODEL, else the built-in\n"
            "                 copy of models/default.json)\n"
            "  --scenes FILE  the scenes file (default: $OSTREC_SCENES, else the built-in\n"
            "                 copy of data/scenes.json)\n"
            "  -h, --help     show this help\n"
            "  -V, --version  show the version\n\n"
            "'ostrec COMMAND --help' describes a command. Exit status: 0 ok, 1 runtime or\n"
            "data error, 2 usage error.\n");
}

/* mkdir -p for the directory part of `path`. */
static int make_parent_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        int bad = mkdir(path, 0755) != 0 && errno != EEXIST;
        *p = '/';
        if (bad) return -1;
    }
    return 0;
}

/* The default database, under the XDG data directory. */
static const char *default_db_path(char *buf, size_t size)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg) snprintf(buf, size, "%s/ostrec/ostrec.db", xdg);
    else if (home && *home) snprintf(buf, size, "%s/.local/share/ostrec/ostrec.db", home);
    else return "ostrec.db";
    if (make_parent_dirs(buf) != 0) return "ostrec.db";
    return buf;
}

/* Standard output written in full, or the error said: the status to exit with. */
static int stdout_status(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write to standard output");
        if (status == EXIT_OK) status = EXIT_RUNTIME;
    }
    return status;
}

/* The program: global options, then the command; the status to exit with. */
static int run(int argc, char **argv)
{
    static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                            {"vocab", required_argument, NULL, 'v'},
                                            {"model", required_argument, NULL, 'm'},
                                            {"scenes", required_argument, NULL, 's'},
                                            {"help", no_argument, NULL, 'h'},
                                            {"version", no_argument, NULL, 'V'},
                                            {NULL, 0, NULL, 0}};
    char db_buf[4096];
    cli_ctx ctx = {.vocab_path = getenv("OSTREC_VOCAB"), .model_path = getenv("OSTREC_MODEL"),
                   .scenes_path = getenv("OSTREC_SCENES")};
    int opt;
    if (ctx.vocab_path && !*ctx.vocab_path) ctx.vocab_path = NULL;
    if (ctx.model_path && !*ctx.model_path) ctx.model_path = NULL;
    if (ctx.scenes_path && !*ctx.scenes_path) ctx.scenes_path = NULL;
    opterr = 0;
    /* '+': stop at the command name; its options are its own. */
    while ((opt = getopt_long(argc, argv, "+:hV", options, NULL)) != -1) {
        switch (opt) {
        case 'd': ctx.db_path = optarg; break;
        case 'v': ctx.vocab_path = optarg; break;
        case 'm': ctx.model_path = optarg; break;
        case 's': ctx.scenes_path = optarg; break;
        case 'h': print_help(stdout); return stdout_status(EXIT_OK);
        case 'V': printf("ostrec %s\n", ostrec_version()); return stdout_status(EXIT_OK);
        default: return cli_option_error(NULL, opt, argv);
        }
    }
    if (optind >= argc) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    int first = optind;
    const char *name = argv[first];
    const cli_command *cmd = NULL;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0) cmd = &commands[i];
    if (cmd == NULL) return cli_usage_error(NULL, "unknown command '%s'", name);
    const char *env_db = getenv("OSTREC_DB");
    if (ctx.db_path == NULL && env_db && *env_db) ctx.db_path = env_db;
    if (ctx.db_path == NULL) {
        ctx.db_path = default_db_path(db_buf, sizeof db_buf);
        ctx.db_is_default = 1;
    }

    /* The command parses its own options with a fresh getopt state; its
     * argv[0] is its name. */
    optind = 0;
    int status = cmd->run(&ctx, argc - first, argv + first);
    ostrec_close(ctx.db);
    return stdout_status(status);
}

int main(int argc, char **argv)
{
    int status = run(argc, argv);
    /* Everything is written and closed. End here rather than through exit():
     * OpenBLAS's exit handler joins its worker threads, and under a memory
     * limit a worker that could not map its buffer retries forever, so exit()
     * would never return, even after --help. */
    fflush(stderr);
    _exit(status);
}
