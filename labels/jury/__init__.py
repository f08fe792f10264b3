"""The jury's workspace: who sits on which edition's jury, what each juror proposes, the
deliberation the president leads and closes."""
