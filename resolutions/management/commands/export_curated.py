from pathlib import Path

from django.core import serializers
from django.core.management.base import BaseCommand, CommandError

from resolutions.models import CURATED_MODELS


def export_file_name(position, model):
    return f"{position:02d}-{model._meta.model_name}.yaml"


def exported_fields(model):
    """Editable fields only: derived ones (search_text, code_key) are recomputed on load."""
    fields = [*model._meta.local_fields, *model._meta.local_many_to_many]
    return [field.name for field in fields if field.editable and field.serialize and not field.primary_key]


def natural_key_field(model):
    return "slug" if any(field.name == "slug" for field in model._meta.fields) else "key"


def export_model(model, stream):
    queryset = model._default_manager.order_by(natural_key_field(model))
    serializers.serialize(
        "yaml",
        queryset,
        stream=stream,
        fields=exported_fields(model),
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
        allow_unicode=True,
    )


class Command(BaseCommand):
    help = (
        "Export the tracker's data as YAML fixtures, one file per model (NN-model.yaml), with natural "
        "keys, sorted by slug or key, UTF-8 with Vietnamese intact: export, flush, loaddata, export "
        "gives identical files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output_dir",
            help="Directory to write the files into; created if missing. It must be empty or hold a previous export.",
        )

    def handle(self, *args, **options):
        if not options["output_dir"].strip():
            # Path("") is the current directory, which is never what was meant.
            raise CommandError("Give the directory to write into; the path is empty.")
        output_dir = Path(options["output_dir"])
        if output_dir.exists() and not output_dir.is_dir():
            raise CommandError(f"{output_dir} exists and is not a directory.")
        names = [export_file_name(position, model) for position, model in enumerate(CURATED_MODELS, start=1)]
        existing = sorted(path.name for path in output_dir.iterdir()) if output_dir.is_dir() else []
        others = [name for name in existing if name not in names]
        if others:
            # Only a previous export is replaced: loaddata of the directory would read any other
            # fixture (.yaml, .yml, .json, ...) too and mix two exports.
            raise CommandError(
                f"{output_dir} holds other files ({', '.join(others)}); choose an empty directory or a previous export."
            )
        for name, model in zip(names, CURATED_MODELS, strict=True):
            try:
                output_dir.mkdir(parents=True, exist_ok=True)
                with open(output_dir / name, "w", encoding="utf-8", newline="\n") as stream:
                    export_model(model, stream)
            except OSError as error:
                raise CommandError(f"Cannot write {output_dir / name}: {error.strerror or error}.") from error
            if options["verbosity"] >= 1:
                self.stdout.write(
                    f"{output_dir / name}: {model._default_manager.count()} {model._meta.verbose_name_plural}"
                )
