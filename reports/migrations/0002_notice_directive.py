"""The county notice's six points, the first directive every township acknowledges."""

import datetime

from django.db import migrations

TITLE = "关于发挥党组织战斗堡垒作用 坚决打赢疫情防控阻击战的通知"
ITEMS = [
    ("切实把保障打赢疫情防控阻击战作为各级党组织重大政治任务", "posts"),
    ("注重在疫情防控一线考察识别领导班子和领导干部", "cadre_records"),
    ("充分发挥各领域基层党组织战斗堡垒作用", "registrations"),
    ("充分发挥广大党员先锋模范作用", "activists"),
    ("激励引导广大党员干部敢于担当、主动作为", "spending"),
    ("力戒形式主义、官僚主义", "reports"),
]


def seed(apps, schema_editor):
    Directive = apps.get_model("reports", "Directive")
    DirectiveItem = apps.get_model("reports", "DirectiveItem")
    if Directive.objects.filter(title=TITLE).exists():
        return
    directive = Directive.objects.create(title=TITLE, issued_on=datetime.date(2020, 1, 28))
    for number, (text, evidence) in enumerate(ITEMS, start=1):
        DirectiveItem.objects.create(directive=directive, number=number, text=text,
                                     evidence=evidence)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
