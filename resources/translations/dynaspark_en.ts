<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ComparePane</name>
    <message numerus="yes">
        <location filename="../../dynaspark_desktop/ui/transcript/compare_pane.py" line="+122"/>
        <source>%n tokens</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationNavigator</name>
    <message numerus="yes">
        <location filename="../../dynaspark_desktop/ui/window/navigator.py" line="+369"/>
        <source>Exported %n conversation(s) to {path}.</source>
        <translation>
            <numerusform>Exported %n conversation to {path}.</numerusform>
            <numerusform>Exported %n conversations to {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProviderForm</name>
    <message numerus="yes">
        <location filename="../../dynaspark_desktop/ui/provider_setup/provider_form.py" line="+252"/>
        <source>default: %n</source>
        <translation>
            <numerusform>default: %n</numerusform>
            <numerusform>default: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TurnActions</name>
    <message numerus="yes">
        <location filename="../../dynaspark_desktop/ui/window/turn_actions.py" line="+94"/>
        <source>Editing your question: Enter sends it again. The %n later message(s) stay with the original: switch back with the question&apos;s ‹ ›.</source>
        <translation>
            <numerusform>Editing your question: Enter sends it again. The %n later message stays with the original: switch back with the question&apos;s ‹ ›.</numerusform>
            <numerusform>Editing your question: Enter sends it again. The %n later messages stay with the original: switch back with the question&apos;s ‹ ›.</numerusform>
        </translation>
    </message>
</context>
</TS>
