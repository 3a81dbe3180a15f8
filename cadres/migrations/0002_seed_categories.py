"""The five cadre categories of notice §2, each with the checkpoints it is judged on."""

from django.db import migrations

CATEGORIES = [
    ("乡镇（街道）领导班子成员", "team", 1),
    ("党政主要负责同志", "principal", 2),
    ("分管领导", "deputy", 3),
    ("疫情防控职能部门负责人", "deputy", 4),
    ("优秀年轻干部", "young", 5),
]


def seed(apps, schema_editor):
    CadreCategory = apps.get_model("cadres", "CadreCategory")
    for name, checkpoint_set, position in CATEGORIES:
        CadreCategory.objects.get_or_create(
            name=name, defaults={"checkpoint_set": checkpoint_set, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
