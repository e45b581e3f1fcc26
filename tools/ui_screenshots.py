"""Screenshots of the proposal flow (desk prompt, dialogue, form, receipt) in Korean and English at
100% and 200% UI scale, for people to look at.

    python -m tools.ui_screenshots [OUT_DIR]

Runs the real client offscreen with a scenario per language and scale, against the embedded backend
in a throwaway home folder.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

TEXT = {
    "en": {"desk": "Mayor's Office", "propose": "Submit a proposal", "title": "Title", "body": "Your proposal",
           "submit": "Submit", "receipt": "Receipt number",
           "title_text": "More benches around the lawn",
           "body_text": "Older citizens need places to rest while visiting the plaza and the library."},
    "ko": {"desk": "시장실", "propose": "제안 제출하기", "title": "제목", "body": "제안 내용", "submit": "제출",
           "receipt": "접수번호", "title_text": "잔디광장 주변에 벤치를 더 놓아 주세요",
           "body_text": "어르신들이 광장과 도서관을 방문할 때 쉴 곳이 필요합니다."},
}

SCENARIO = """
- screenshot: {out}/{tag}_1_plaza.png
- walk_to: {desk}
- wait: 0.5
- screenshot: {out}/{tag}_2_desk.png
- interact
- screenshot: {out}/{tag}_3_dialogue.png
- press: {propose}
- type: {{into: {title}, text: "{title_text}"}}
- type: {{into: {body}, text: "{body_text}"}}
- screenshot: {out}/{tag}_4_form.png
- press: {submit}
- expect: {receipt}
- screenshot: {out}/{tag}_5_receipt.png
"""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("ko", "en"):
            for scale in ("1.0", "2.0"):
                tag = f"{lang}_{int(float(scale) * 100)}"
                scenario = Path(tmp) / f"{tag}.yaml"
                scenario.write_text(SCENARIO.format(out=out, tag=tag, **TEXT[lang]), encoding="utf-8")
                env = dict(os.environ, METAVERSE_SEOUL_HOME=str(Path(tmp) / f"home_{tag}"))
                cmd = [sys.executable, "-m", "client", "--offscreen", "--lang", lang, "--ui-scale", scale,
                       "--scenario", str(scenario)]
                result = subprocess.run(cmd, env=env, capture_output=True, text=True)
                print(f"{tag}: {'ok' if result.returncode == 0 else 'FAILED'}")
                if result.returncode != 0:
                    failed += 1
                    print(result.stderr[-2000:])
    print(f"screenshots in {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
