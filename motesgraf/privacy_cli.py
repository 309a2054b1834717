"""`motesgraf forget "Full Name"`: an erasure request, on either backend (see ``motesgraf.graph.forget``), and
the ``--pseudonymise`` option of export and report (see ``motesgraf.graph.pseudonymise``).

The CLI registers it with ``add_privacy_commands(main, store_options, open_store, lexicon_option)``.
"""

from __future__ import annotations

from pathlib import Path

import click

pseudonymise_option = click.option(
    "--pseudonymise", is_flag=True,
    help="Replace person names (also in evidence and titles) with stable pseudonyms such as 'Person 3F7A2C'; "
         "the secret is kept in --data-dir/pseudonym.key.")


def add_privacy_commands(main: click.Group, store_options, open_from_options, lexicon_option) -> click.Command:

    @main.command("forget")
    @click.argument("name")
    @lexicon_option
    @store_options
    def forget(name: str, lexicon_dir: Path, **store):
        """Remove the person NAME (full name, as stored; case and spacing do not matter), their relationships and
        their name in every stored text, and keep them out of later builds."""
        from motesgraf.graph.forget import PersonNotFound, files_containing, forget as forget_person, forget_embedded
        from motesgraf.graph.store import StoreError

        try:
            if store["backend"] == "embedded":  # holds the store alone throughout: a concurrent build waits
                report = forget_embedded(store["data_dir"], name, lexicon_dir=lexicon_dir)
            else:
                with open_from_options(**store) as graph:
                    report = forget_person(graph, name, lexicon_dir=lexicon_dir)
        except (PersonNotFound, StoreError) as error:
            raise click.ClickException(str(error)) from None
        if store["backend"] == "embedded":
            remaining = files_containing(store["data_dir"], name) + files_containing(lexicon_dir, name)
            if remaining:
                raise click.ClickException(f"the name is still in {', '.join(map(str, sorted(set(remaining))))}")
        click.echo(report.summary())

    return forget
