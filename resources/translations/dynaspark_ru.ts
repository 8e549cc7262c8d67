<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>AnswerAnnouncer</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/answer_announcer.py" line="+45"/>
        <source>Answer complete: {start}</source>
        <translation>Ответ готов: {start}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The answer failed: {error}</source>
        <translation>Ответ не получен: {error}</translation>
    </message>
</context>
<context>
    <name>AnswerBlock</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/answer_block.py" line="+86"/>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copy the answer (as Markdown)</source>
        <translation>Скопировать ответ (в Markdown)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Regenerate</source>
        <translation>Ответить заново</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask again (with the model chosen in the picker)</source>
        <translation>Спросить ещё раз (модель, выбранную в списке)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Answer</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <location line="+170"/>
        <source>context: {sent} of {total} turns</source>
        <translation>контекст: {sent} из {total} реплик</translation>
    </message>
</context>
<context>
    <name>AnswerVersions</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/answer_versions.py" line="+50"/>
        <source>Show the previous answer</source>
        <translation>Показать предыдущий ответ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show the next answer</source>
        <translation>Показать следующий ответ</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Earlier answer</source>
        <translation>Прежний ответ</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>the current answer</source>
        <translation>текущий ответ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>another answer, by {model}</source>
        <translation>другой ответ, модель {model}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answer {index} of {count}: {which}</source>
        <translation>Ответ {index} из {count}: {which}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../dynaspark_desktop/app.py" line="+154"/>
        <source>There is no model called “{name}”; using {model} instead.</source>
        <translation>Модели «{name}» нет; используется {model}.</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>your settings are not being saved</source>
        <translation>настройки не сохраняются</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your settings could not be saved in {folder}: {error}.</source>
        <translation>Не удалось сохранить настройки в {folder}: {error}.</translation>
    </message>
    <message>
        <location line="+134"/>
        <source>Something went wrong: {summary}. The app keeps running; details are in {log}.</source>
        <translation>Что-то пошло не так: {summary}. Приложение продолжает работу; подробности в {log}.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/core/disk_errors.py" line="+95"/>
        <source>nothing is being saved (conversations, settings, the log)</source>
        <translation>ничего не сохраняется (разговоры, настройки, журнал)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your data folder {folder} cannot be used ({reason}). Check that it can be made and written to, or start the app with --data-dir and another folder; until then, {consequence}.</source>
        <translation>Папку данных {folder} нельзя использовать ({reason}). Проверьте, что её можно создать и в неё можно писать, или запустите приложение с --data-dir и другой папкой; до тех пор {consequence}.</translation>
    </message>
</context>
<context>
    <name>AttachActions</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/attach_actions.py" line="+25"/>
        <source>Images and documents (*.png *.jpg *.jpeg *.gif *.webp *.avif *.bmp *.tif *.tiff *.ppm *.pgm *.tga *.pdf *.txt *.md *.markdown *.csv *.tsv *.json *.jsonl *.log *.xml *.yaml *.yml *.toml *.ini *.html *.py *.js *.ts *.java *.c *.h *.cpp *.go *.rs *.rb *.sh *.sql *.css);;Images (*.png *.jpg *.jpeg *.gif *.webp *.avif *.bmp *.tif *.tiff *.ppm *.pgm *.tga);;PDF documents (*.pdf);;All files (*)</source>
        <translation>Изображения и документы (*.png *.jpg *.jpeg *.gif *.webp *.avif *.bmp *.tif *.tiff *.ppm *.pgm *.tga *.pdf *.txt *.md *.markdown *.csv *.tsv *.json *.jsonl *.log *.xml *.yaml *.yml *.toml *.ini *.html *.py *.js *.ts *.java *.c *.h *.cpp *.go *.rs *.rb *.sh *.sql *.css);;Изображения (*.png *.jpg *.jpeg *.gif *.webp *.avif *.bmp *.tif *.tiff *.ppm *.pgm *.tga);;Документы PDF (*.pdf);;Все файлы (*)</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Attach images or documents</source>
        <translation>Прикрепить изображения или документы</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>Drop the image to attach it</source>
        <translation>Отпустите изображение, чтобы прикрепить его</translation>
    </message>
</context>
<context>
    <name>AttachmentTray</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/image_chip.py" line="+21"/>
        <source>{size} KB</source>
        <translation>{size} КБ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{size} MB</source>
        <translation>{size} МБ</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/attachment_tray.py" line="+31"/>
        <source>Attached image</source>
        <translation>Прикреплённое изображение</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>These images go with your next message.</source>
        <translation>Эти изображения будут отправлены со следующим сообщением.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/image_chip.py" line="+105"/>
        <source>Remove this image</source>
        <translation>Убрать это изображение</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Preparing the image…</source>
        <translation>Подготовка изображения…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Click to see the image large</source>
        <translation>Нажмите, чтобы увеличить изображение</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>View “{name}”</source>
        <translation>Открыть «{name}»</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>reduced from {width}×{height}</source>
        <translation>уменьшено с {width}×{height}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Remove “{name}”</source>
        <translation>Убрать «{name}»</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/attachment_tray.py" line="+2"/>
        <source>This image goes with your next message.</source>
        <translation>Изображение будет отправлено со следующим сообщением.</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/controllers/attachment_controller.py" line="+110"/>
        <source>Pasted image</source>
        <translation>Вставленное изображение</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A message takes at most {most} images; this one has {count}. Send these first, or remove some (×) to add others.</source>
        <translation>В одном сообщении может быть не больше {most} изображений, а здесь {count}. Сначала отправьте эти или уберите некоторые (×), чтобы добавить другие.</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>The image could not be prepared; the details are in the log.</source>
        <translation>Не удалось подготовить изображение; подробности в журнале.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>There is no image in what was offered.</source>
        <translation>В переданных данных нет изображения.</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <location filename="../../dynaspark_desktop/storage/backup_restore.py" line="+73"/>
        <source>The backup could not replace the history ({error}).</source>
        <translation>Не удалось заменить историю резервной копией ({error}).</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>“{name}” cannot be read ({error}).</source>
        <translation>Не удаётся прочитать «{name}» ({error}).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>“{name}” is not a usable backup ({problem}).</source>
        <translation>«{name}» — непригодная резервная копия ({problem}).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>“{name}” is a database, but not a backup of this app&apos;s history.</source>
        <translation>«{name}» — база данных, но не резервная копия истории этого приложения.</translation>
    </message>
</context>
<context>
    <name>Branching</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/controllers/branching.py" line="+92"/>
        <source>Wait for the answer, or stop it, before switching to another version.</source>
        <translation>Дождитесь ответа или остановите его, прежде чем переключаться на другую версию.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>That version could not be read from the history.</source>
        <translation>Не удалось прочитать эту версию из истории.</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>The rest of this version could not be read.</source>
        <translation>Остальную часть этой версии прочитать не удалось.</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/controllers/chat_controller.py" line="+336"/>
        <source>Something went wrong inside the app; the details are in the log.</source>
        <translation>В приложении произошла ошибка; подробности в журнале.</translation>
    </message>
</context>
<context>
    <name>ChatGptImport</name>
    <message>
        <location filename="../../dynaspark_desktop/storage/chatgpt_export.py" line="+105"/>
        <source>{count} more conversations</source>
        <translation>Ещё разговоры ({count})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>are beyond the {cap} one import takes</source>
        <translation>сверх {cap}, которые принимает один импорт</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Conversation {number}</source>
        <translation>Разговор {number}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>is not a conversation object</source>
        <translation>не является объектом разговора</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>has no “mapping” of messages</source>
        <translation>не содержит «mapping» с сообщениями</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>has more than {cap} messages</source>
        <translation>содержит больше {cap} сообщений</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>1 damaged node</source>
        <translation>1 повреждённый узел</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} damaged nodes</source>
        <translation>повреждённых узлов: {count}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>1 message not linked to the conversation</source>
        <translation>1 сообщение не связано с разговором</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} messages not linked to the conversation</source>
        <translation>сообщений, не связанных с разговором: {count}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>has no messages that can be read</source>
        <translation>не содержит читаемых сообщений</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>1 message in a form this app cannot show</source>
        <translation>1 сообщение в виде, который приложение не может показать</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} messages in a form this app cannot show</source>
        <translation>сообщений в виде, который приложение не может показать: {count}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>1 picture or file they held</source>
        <translation>1 картинка или файл из них</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} pictures or files they held</source>
        <translation>картинок или файлов из них: {count}</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>no usable “current_node”, so its latest branch is shown</source>
        <translation>нет пригодного «current_node», поэтому показана последняя ветка</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/storage/chatgpt_import.py" line="+63"/>
        <source>has no messages to show</source>
        <translation>не содержит сообщений для показа</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/settings/pages.py" line="+136"/>
        <source>Chat</source>
        <translation>Чат</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+5"/>
        <source>Default model</source>
        <translation>Модель по умолчанию</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Default parameters…</source>
        <translation>Параметры по умолчанию…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Parameters</source>
        <translation>Параметры</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>System prompt for new chats</source>
        <translation>Системный промпт для новых чатов</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>None</source>
        <translation>Нет</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Largest image side</source>
        <translation>Наибольшая сторона изображения</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> px</source>
        <comment>the unit after a number of pixels</comment>
        <translation> пикс.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Image quality</source>
        <translation>Качество изображения</translation>
    </message>
</context>
<context>
    <name>CompareBar</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/compare_bar.py" line="+61"/>
        <source>Compare:</source>
        <translation>Сравнить:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>+ Add</source>
        <translation>+ Добавить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a model to compare</source>
        <translation>Добавить модель для сравнения</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Stop comparing</source>
        <translation>Прекратить сравнение</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop comparing: the next message goes to one model</source>
        <translation>Прекратить сравнение: следующее сообщение получит одна модель</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Remove {model} from the comparison</source>
        <translation>Убрать {model} из сравнения</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove {model}</source>
        <translation>Убрать {model}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose two to four models</source>
        <translation>Выберите от двух до четырёх моделей</translation>
    </message>
    <message>
        <location line="+12"/>
        <source> (sees images)</source>
        <translation> (понимает изображения)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No other model is available</source>
        <translation>Других доступных моделей нет</translation>
    </message>
</context>
<context>
    <name>ComparePane</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/compare_pane.py" line="+26"/>
        <source>skipped</source>
        <translation>пропущено</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>queued: waiting for a free slot</source>
        <translation>в очереди: ждёт свободного места</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>receiving…</source>
        <translation>получение…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>waiting for the first words…</source>
        <translation>ожидание первых слов…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed after {time}</source>
        <translation>ошибка через {time}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>first words {time}</source>
        <translation>первые слова через {time}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>total {time}</source>
        <translation>всего {time}</translation>
    </message>
    <message numerus="yes">
        <location line="+77"/>
        <source>%n tokens</source>
        <translation>
            <numerusform>%n токен</numerusform>
            <numerusform>%n токена</numerusform>
            <numerusform>%n токенов</numerusform>
        </translation>
    </message>
    <message>
        <location line="-70"/>
        <source>{rate} tokens/s</source>
        <translation>{rate} токенов/с</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stopped</source>
        <translation>остановлено</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Answer of {model}</source>
        <translation>Ответ модели {model}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stop</source>
        <translation>Стоп</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the answer of {model}</source>
        <translation>Остановить ответ модели {model}</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+59"/>
        <source>Continue with this one</source>
        <translation>Продолжить с этим ответом</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Continue the conversation with the answer of {model}</source>
        <translation>Продолжить разговор с ответом модели {model}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Make this answer the conversation&apos;s; the others stay as its other versions</source>
        <translation>Сделать этот ответ ответом разговора; остальные сохранятся как его другие версии</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Waiting for the answer…</source>
        <translation>Ожидание ответа…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Stopped before any answer.</source>
        <translation>Остановлено до получения ответа.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Continued with this one</source>
        <translation>Продолжено с этим ответом</translation>
    </message>
</context>
<context>
    <name>ComparePlan</name>
    <message>
        <location filename="../../dynaspark_desktop/providers/compare_plan.py" line="+54"/>
        <source>Skipped: {model} cannot see images, and this question has one.</source>
        <translation>Пропущено: {model} не понимает изображения, а в вопросе есть изображение.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Choose at least two models to compare.</source>
        <translation>Выберите для сравнения хотя бы две модели.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>None of the chosen models can see images. Choose one that can, or remove the image.</source>
        <translation>Ни одна из выбранных моделей не понимает изображения. Выберите модель, которая понимает, или уберите изображение.</translation>
    </message>
</context>
<context>
    <name>ComparePresenter</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/compare_presenter.py" line="+132"/>
        <source>The answers are still coming. Wait for them (or stop them), then continue with one.</source>
        <translation>Ответы ещё поступают. Дождитесь их (или остановите), затем продолжите с одним из них.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Continue with one of the answers, or go back to the chat, first.</source>
        <translation>Сначала продолжите с одним из ответов или вернитесь к чату.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Pictures are drawn by one service: turn Compare off to use /imagine.</source>
        <translation>Картинки рисует один сервис: чтобы использовать /imagine, выключите сравнение.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This chat is still receiving an answer. Wait for it, or stop it, first.</source>
        <translation>Этот чат ещё получает ответ. Сначала дождитесь его или остановите.</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>The answers are in: continue with one, or go back.</source>
        <translation>Ответы получены: продолжите с одним из них или вернитесь назад.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>That answer is still being saved; try again in a moment.</source>
        <translation>Этот ответ ещё сохраняется; попробуйте чуть позже.</translation>
    </message>
</context>
<context>
    <name>CompareRequests</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/controllers/compare_requests.py" line="+238"/>
        <location line="+79"/>
        <source>Something went wrong inside the app; the details are in the log.</source>
        <translation>В приложении произошла ошибка; подробности в журнале.</translation>
    </message>
</context>
<context>
    <name>CompareToggle</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/compare_bar.py" line="-95"/>
        <source>Compare</source>
        <translation>Сравнить</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare models</source>
        <translation>Сравнить модели</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask two to four models at once and see their answers side by side</source>
        <translation>Задать вопрос сразу двум–четырём моделям и увидеть их ответы рядом</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/compare_view.py" line="+62"/>
        <source>Stop all</source>
        <translation>Остановить все</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop every answer</source>
        <translation>Остановить все ответы</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Back to the chat</source>
        <translation>Вернуться к чату</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close the comparison</source>
        <translation>Закрыть сравнение</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every answer is kept; the one shown is the first, unless you chose one</source>
        <translation>Все ответы сохраняются; показывается первый, если вы не выбрали другой</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Answers side by side</source>
        <translation>Ответы рядом</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The question&apos;s image</source>
        <translation>Изображение из вопроса</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/composer.py" line="+70"/>
        <source>Message</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Ctrl+Enter sends, Enter starts a new line</source>
        <translation>Ctrl+Enter — отправить, Enter — новая строка</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask anything, or /imagine a picture…   Ctrl+Enter to send · Enter for a new line</source>
        <translation>Спросите что угодно или /imagine для картинки…   Ctrl+Enter — отправить · Enter — перенос строки</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter sends, Shift+Enter starts a new line</source>
        <translation>Enter — отправить, Shift+Enter — новая строка</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask anything, or /imagine a picture…   Enter to send · Shift+Enter for a new line</source>
        <translation>Спросите что угодно или /imagine для картинки…   Enter — отправить · Shift+Enter — перенос строки</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>Nothing was added; what you typed is unchanged.</source>
        <translation>Ничего не добавлено; набранный текст не изменился.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>That text is {size} ({count} characters); the composer takes up to {cap} ({limit} characters) in all. Shorten it, or send it in parts.</source>
        <translation>Размер текста — {size} (символов: {count}); поле ввода вмещает не более {cap} (символов: {limit}). Сократите текст или отправьте его частями.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>That text is {size} ({count} characters); with the {already} characters already in the composer it would pass its limit of {cap} ({limit} characters). Send or shorten what is there first.</source>
        <translation>Размер текста — {size} (символов: {count}); вместе с уже набранным (символов: {already}) он превысит предел поля ввода в {cap} (символов: {limit}). Сначала отправьте или сократите набранное.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>That text has a paragraph of {size} ({count} characters) without a line break; the composer takes up to {cap} ({limit} characters) in one. Break it into lines, or shorten it.</source>
        <translation>В тексте есть абзац размером {size} (символов: {count}) без переноса строки; поле ввода принимает абзацы не длиннее {cap} (символов: {limit}). Разбейте его на строки или сократите.</translation>
    </message>
</context>
<context>
    <name>ComposerArea</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/composer_area.py" line="+45"/>
        <source>Attach images or documents (or drop them anywhere, or paste)</source>
        <translation>Прикрепить изображения или документы (или перетащите их в любое место окна либо вставьте)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attach files</source>
        <translation>Прикрепить файлы</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Send</source>
        <translation>Отправить</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send message</source>
        <translation>Отправить сообщение</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send (Enter)</source>
        <translation>Отправить (Enter)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop</source>
        <translation>Стоп</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the answer</source>
        <translation>Остановить ответ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop waiting for this answer (Esc)</source>
        <translation>Не ждать этот ответ (Esc)</translation>
    </message>
</context>
<context>
    <name>ConnectionsPage</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/settings/pages.py" line="+22"/>
        <source>Connections</source>
        <translation>Подключения</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Dynaspark web endpoint</source>
        <translation>Адрес веб-сервиса Dynaspark</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+35"/>
        <source>Test</source>
        <translation>Проверить</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Restore default</source>
        <translation>Сбросить</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Dynaspark API address</source>
        <translation>Адрес Dynaspark API</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+28"/>
        <source>Proxy</source>
        <translation>Прокси</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>No proxy, e.g. socks5://127.0.0.1:1080</source>
        <translation>Без прокси, например socks5://127.0.0.1:1080</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Test the proxy</source>
        <translation>Проверить прокси</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>For online services; never used for servers on this computer. Its Test asks the web endpoint above through it.</source>
        <translation>Для онлайн-сервисов; для серверов на этом компьютере не используется. Кнопка «Проверить» обращается через него к веб-сервису, указанному выше.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> s</source>
        <comment>the unit after a number of seconds</comment>
        <translation> с</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answer time-out</source>
        <translation>Тайм-аут ответа</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pause time-out</source>
        <translation>Тайм-аут паузы</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This run sends to {url}, given with --endpoint when the app started; the address set here applies when it starts without it.</source>
        <translation>В этом запуске запросы уходят на {url}, заданный через --endpoint при старте приложения; указанный здесь адрес действует при запуске без этого параметра.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Testing… (the free service can take a minute)</source>
        <translation>Проверка… (бесплатный сервис может отвечать до минуты)</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/conversation_list.py" line="+42"/>
        <source>New chat</source>
        <translation>Новый чат</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Yesterday</source>
        <translation>Вчера</translation>
    </message>
    <message>
        <location line="+226"/>
        <source>Conversation title</source>
        <translation>Название разговора</translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <location line="-129"/>
        <source>, pinned</source>
        <translation>, закреплён</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, generating an answer</source>
        <translation>, ответ создаётся</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, new answer</source>
        <translation>, новый ответ</translation>
    </message>
</context>
<context>
    <name>ConversationNavigator</name>
    <message numerus="yes">
        <location filename="../../dynaspark_desktop/ui/window/navigator.py" line="+369"/>
        <source>Exported %n conversation(s) to {path}.</source>
        <translation>
            <numerusform>Экспортирован %n разговор в {path}.</numerusform>
            <numerusform>Экспортировано %n разговора в {path}.</numerusform>
            <numerusform>Экспортировано %n разговоров в {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Copy</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/base/copied_feedback.py" line="+15"/>
        <source>Copied ✓</source>
        <translation>Скопировано ✓</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/settings/data_page.py" line="+43"/>
        <source>Data</source>
        <translation>Данные</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Open folder</source>
        <translation>Открыть папку</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Data folder</source>
        <translation>Папка данных</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A copy of your conversations is made each day; the last seven are kept (pictures are not copied).</source>
        <translation>Каждый день создаётся копия ваших разговоров; хранятся последние семь (картинки не копируются).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Back up now</source>
        <translation>Создать копию</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restore…</source>
        <translation>Восстановить…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Backups</source>
        <translation>Резервные копии</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Conversations in the trash</source>
        <translation>Разговоры в корзине</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Put back</source>
        <translation>Вернуть</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put the chosen conversation back</source>
        <translation>Вернуть выбранный разговор</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+115"/>
        <source>Empty the trash</source>
        <translation>Очистить корзину</translation>
    </message>
    <message>
        <location line="-112"/>
        <source>Trash</source>
        <translation>Корзина</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The folder could not be opened: {path}</source>
        <translation>Не удалось открыть папку: {path}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Backing up…</source>
        <translation>Создание копии…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The backup failed: {error}</source>
        <translation>Не удалось создать резервную копию: {error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backed up to {path}.</source>
        <translation>Резервная копия сохранена в {path}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Restore a backup</source>
        <translation>Восстановить из резервной копии</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>History backups (*.sqlite3);;All files (*)</source>
        <translation>Резервные копии истории (*.sqlite3);;Все файлы (*)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Restoring…</source>
        <translation>Восстановление…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The backup could not be restored: {error}</source>
        <translation>Не удалось восстановить резервную копию: {error}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Restored {name}: {count} conversations. Your history as it was is kept in {previous}.</source>
        <translation>Копия {name} восстановлена, разговоров: {count}. Прежняя история сохранена в {previous}.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The trash cannot be read now.</source>
        <translation>Сейчас не удаётся прочитать корзину.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The trash is empty.</source>
        <translation>Корзина пуста.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 conversation is in the trash.</source>
        <translation>В корзине 1 разговор.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} conversations are in the trash.</source>
        <translation>В корзине разговоров: {count}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deleted conversations are removed for good after a week.</source>
        <translation>Удалённые разговоры стираются окончательно через неделю.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New chat</source>
        <translation>Новый чат</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Remove every conversation in the trash for good? This cannot be undone.</source>
        <translation>Окончательно удалить все разговоры из корзины? Это действие нельзя отменить.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+2"/>
        <source>Remove for good</source>
        <translation>Удалить навсегда</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The trash could not be emptied: {error}</source>
        <translation>Не удалось очистить корзину: {error}</translation>
    </message>
</context>
<context>
    <name>Disk</name>
    <message>
        <location filename="../../dynaspark_desktop/core/disk_errors.py" line="-31"/>
        <source>The disk holding your data folder {folder} is full. Free some space on it; until then, {consequence}.</source>
        <translation>Диск с папкой данных {folder} заполнен. Освободите на нём место; до тех пор {consequence}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your data folder {folder} cannot be written to. Make it writable (check its permissions, and that its disk is not mounted read-only), or start the app with --data-dir and another folder; until then, {consequence}.</source>
        <translation>В папку данных {folder} нельзя записывать. Разрешите запись (проверьте права доступа и что диск не смонтирован только для чтения) или запустите приложение с --data-dir и другой папкой; до тех пор {consequence}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The disk holding your data folder {folder} reported an error while writing. Check the disk; until then, {consequence}.</source>
        <translation>Диск с папкой данных {folder} сообщил об ошибке записи. Проверьте диск; до тех пор {consequence}.</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/document_actions.py" line="+109"/>
        <source>A document is still being read; send again in a moment.</source>
        <translation>Документ ещё читается; отправьте сообщение чуть позже.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The attached documents are too long for this model: about {needed:,} tokens where it takes {budget:,}. Send them cut to fit, or remove some (×) or choose a model with a larger context.</source>
        <translation>Прикреплённые документы слишком длинные для этой модели: около {needed:,} токенов при допустимых {budget:,}. Отправьте их сокращёнными, уберите некоторые (×) или выберите модель с большим контекстом.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Send cut to fit</source>
        <translation>Отправить сокращёнными</translation>
    </message>
</context>
<context>
    <name>DocumentChips</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/document_chips.py" line="+57"/>
        <source>Attached document {name}</source>
        <translation>Прикреплённый документ {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove this document</source>
        <translation>Убрать этот документ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove {name}</source>
        <translation>Убрать {name}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reading…</source>
        <translation>Чтение…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name}: {details}. Its text goes with your next message.</source>
        <translation>{name}: {details}. Его текст будет отправлен со следующим сообщением.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Attached documents</source>
        <translation>Прикреплённые документы</translation>
    </message>
</context>
<context>
    <name>Documents</name>
    <message>
        <location filename="../../dynaspark_desktop/core/document_reading.py" line="+77"/>
        <location filename="../../dynaspark_desktop/ui/controllers/document_controller.py" line="+189"/>
        <source>Reading “{name}” took longer than {seconds} seconds, so it was stopped.</source>
        <translation>Чтение «{name}» заняло больше {seconds} с, поэтому оно было остановлено.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>“{name}” is no longer there.</source>
        <translation>Файла «{name}» больше нет.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{name}” is not a regular file.</source>
        <translation>«{name}» — не обычный файл.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{name}” could not be read: {reason}.</source>
        <translation>Не удалось прочитать «{name}»: {reason}.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>only the first {read} of {size} were read</source>
        <translation>прочитаны только первые {read} из {size}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>a PDF</source>
        <translation>файл PDF</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an archive</source>
        <translation>архив</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{name}” is named like text, but it is {what}. Rename it, or attach the original file.</source>
        <translation>Судя по названию, «{name}» — текст, но на самом деле это {what}. Переименуйте файл или прикрепите исходный.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>“{name}” is not text: it holds binary data, which cannot be sent to a model.</source>
        <translation>«{name}» — не текст: в нём двоичные данные, которые нельзя отправить модели.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>“{name}” is larger than {cap}, the most a PDF attached may be.</source>
        <translation>«{name}» больше {cap} — максимального размера прикрепляемого PDF.</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+22"/>
        <source>only the first {count} pages were read</source>
        <translation>прочитаны только первые {count} стр.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{count} pages could not be read</source>
        <translation>не удалось прочитать стр.: {count}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{name}” has no text to read: it may be scanned images of pages. Attach the pages as images instead.</source>
        <translation>В «{name}» нет текста для чтения: возможно, это отсканированные страницы. Прикрепите страницы как изображения.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>“{name}” is protected by a password, so its text cannot be read. Save an unprotected copy and attach that.</source>
        <translation>«{name}» защищён паролем, поэтому его текст не прочитать. Сохраните незащищённую копию и прикрепите её.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>“{name}” is not a readable PDF: the file is damaged or incomplete.</source>
        <translation>«{name}» — нечитаемый PDF: файл повреждён или неполон.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/core/documents.py" line="+69"/>
        <source>“{name}” is an archive. Unpack it and attach the files inside instead.</source>
        <translation>«{name}» — архив. Распакуйте его и прикрепите файлы из него.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{name}” is an office document, which cannot be read here. Save it as PDF or plain text and attach that instead.</source>
        <translation>«{name}» — офисный документ, его здесь не прочитать. Сохраните его как PDF или обычный текст и прикрепите.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>cut to {count:,} characters to fit the model</source>
        <translation>сокращён до {count:,} символов, чтобы уместиться в модель</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>cut to {count:,} characters</source>
        <translation>сокращён до {count:,} символов</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>1 page</source>
        <translation>1 стр.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} pages</source>
        <translation>{count} стр.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{size} B</source>
        <translation>{size} Б</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>1 image</source>
        <translation>1 изображение</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} images</source>
        <translation>изображений: {count}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1 PDF</source>
        <translation>1 файл PDF</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} PDFs</source>
        <translation>файлов PDF: {count}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1 text file</source>
        <translation>1 текстовый файл</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} text files</source>
        <translation>текстовых файлов: {count}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{first} and {last}</source>
        <translation>{first} и {last}</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/controllers/document_controller.py" line="-111"/>
        <source>A message takes at most {count} documents. Send these first, or remove one.</source>
        <translation>В одном сообщении может быть не больше {count} документов. Сначала отправьте эти или уберите один.</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>“{name}” could not be read; the details are in the log.</source>
        <translation>Не удалось прочитать «{name}»; подробности в журнале.</translation>
    </message>
</context>
<context>
    <name>DownloadGuard</name>
    <message>
        <location filename="../../dynaspark_desktop/providers/download_guard.py" line="+42"/>
        <source>{service} gave a link for {what} that is not a web address; nothing was fetched.</source>
        <translation>Сервер {service} дал ссылку на {what}, которая не является веб-адресом; ничего не загружено.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{service} gave a link for {what} that points at this computer or the local network ({host}); the app does not fetch from there, so nothing was fetched.</source>
        <translation>Сервер {service} дал ссылку на {what}, ведущую на этот компьютер или в локальную сеть ({host}); приложение оттуда не загружает, поэтому ничего не загружено.</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>{service} gave a link for {what} whose host ({host}) leads to this computer or the local network; the app does not fetch from there, so nothing was fetched.</source>
        <translation>Сервер {service} дал ссылку на {what}, узел которой ({host}) ведёт на этот компьютер или в локальную сеть; приложение оттуда не загружает, поэтому ничего не загружено.</translation>
    </message>
</context>
<context>
    <name>DraftKeeper</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/drafts.py" line="+95"/>
        <source>{names} was still being prepared when you left the conversation, and was not kept: attach it again there.</source>
        <translation>Вложение {names} ещё готовилось, когда вы покинули разговор, и не сохранено: прикрепите его там заново.</translation>
    </message>
</context>
<context>
    <name>DropPlan</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/base/drop_plan.py" line="+48"/>
        <source>“{name}” is a folder: attach the files in it.</source>
        <translation>«{name}» — папка: прикрепите файлы из неё.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Drop the image to attach it</source>
        <translation>Отпустите изображение, чтобы прикрепить его</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Drop to attach {what}</source>
        <translation>Отпустите, чтобы прикрепить: {what}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing here can be attached</source>
        <translation>Здесь нечего прикрепить</translation>
    </message>
</context>
<context>
    <name>Dynaspark</name>
    <message>
        <location filename="../../dynaspark_desktop/providers/dynaspark.py" line="+278"/>
        <source>an HTML page</source>
        <translation>HTML-страницу</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an empty answer</source>
        <translation>пустой ответ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{service} answered with something unexpected: {shown}.</source>
        <translation>Сервер {service} прислал неожиданный ответ: {shown}.</translation>
    </message>
</context>
<context>
    <name>DynasparkApi</name>
    <message>
        <location filename="../../dynaspark_desktop/providers/dynaspark_api_replies.py" line="+77"/>
        <source>{service} refused the request: {reason}.</source>
        <translation>Сервер {service} отклонил запрос: {reason}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{service} refused the API key: {reason}. Clear the key in the settings to use the free one.</source>
        <translation>Сервер {service} не принял API-ключ: {reason}. Удалите ключ в настройках, чтобы пользоваться бесплатным.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{service} no longer answers at {path}… (HTTP {status}): the service has probably moved its API.</source>
        <translation>Сервер {service} больше не отвечает по адресу {path}… (HTTP {status}): вероятно, сервис перенёс свой API.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{service} failed to answer (HTTP 500): {reason}. Try again, or another model.</source>
        <translation>Сервер {service} не смог ответить (HTTP 500): {reason}. Повторите попытку или выберите другую модель.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source> ({limit} requests an hour)</source>
        <translation> ({limit} запросов в час)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>It resets at {time}, in {wait}.</source>
        <translation>Лимит обновится в {time}, через {wait}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Try again in {wait}.</source>
        <translation>Повторите через {wait}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try again later.</source>
        <translation>Повторите попытку позже.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{service} has used up this key&apos;s allowance{allowance}: {reason}. {when} Meanwhile, another model can answer.</source>
        <translation>Лимит этого ключа на сервере {service} исчерпан{allowance}: {reason}. {when} Пока может ответить другая модель.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>an empty answer</source>
        <translation>пустой ответ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an HTML page</source>
        <translation>HTML-страницу</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{service} answered with something unexpected: {shown}.</source>
        <translation>Сервер {service} прислал неожиданный ответ: {shown}.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/providers/dynaspark_api.py" line="+139"/>
        <source>The Dynaspark API cannot read images. Remove the image, or choose a model that can see images (the Dynaspark web models can).</source>
        <translation>Dynaspark API не умеет читать изображения. Уберите изображение или выберите модель, понимающую изображения (это умеют веб-модели Dynaspark).</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Describe the picture to generate first.</source>
        <translation>Сначала опишите картинку, которую нужно создать.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The picture {service} made could not be downloaded: the link gave something that is not an image.</source>
        <translation>Не удалось загрузить картинку, созданную {service}: по ссылке оказалось не изображение.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>{service} answered with an error: {error}</source>
        <translation>Сервер {service} ответил ошибкой: {error}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>the generated picture</source>
        <translation>созданную картинку</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The generated picture could not be downloaded from {host} (HTTP {status}: {body}).</source>
        <translation>Не удалось загрузить созданную картинку с {host} (HTTP {status}: {body}).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The generated picture could not be downloaded: {service}&apos;s link kept redirecting.</source>
        <translation>Не удалось загрузить созданную картинку: ссылка от {service} бесконечно перенаправляла.</translation>
    </message>
</context>
<context>
    <name>FailureNotice</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/failure_notice.py" line="+47"/>
        <source>Retry</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry this message</source>
        <translation>Отправить это сообщение ещё раз</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ask another model</source>
        <translation>Спросить другую модель</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Stopped. What had arrived is kept; press Retry to ask again.</source>
        <translation>Остановлено. Полученная часть сохранена; нажмите «Повторить», чтобы спросить снова.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped. Your message is kept; press Retry to ask again.</source>
        <translation>Остановлено. Ваше сообщение сохранено; нажмите «Повторить», чтобы спросить снова.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Try with {model}</source>
        <translation>Попробовать {model}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask {model} instead</source>
        <translation>Спросить {model}</translation>
    </message>
</context>
<context>
    <name>Fallback</name>
    <message>
        <location filename="../../dynaspark_desktop/providers/fallback.py" line="+111"/>
        <source>No model could answer.</source>
        <translation>Ни одна модель не смогла ответить.</translation>
    </message>
</context>
<context>
    <name>FallbackPage</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/provider_setup/fallback_page.py" line="+49"/>
        <source>When a model fails</source>
        <translation>Если модель не отвечает</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Try the next model in this list when the chosen one is busy, rate-limited or cannot be reached</source>
        <translation>Пробовать следующую модель из списка, если выбранная занята, упёрлась в лимит или недоступна</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Models are tried from the top. An answer that has begun is never switched over; the transcript says which model answered.</source>
        <translation>Модели перебираются сверху вниз. Начатый ответ никогда не переключается; в переписке указано, какая модель ответила.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Fallback models, in order</source>
        <translation>Запасные модели по порядку</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Move up</source>
        <translation>Вверх</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move down</source>
        <translation>Вниз</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The list is empty: only the chosen model is asked.</source>
        <translation>Список пуст: запрос уходит только выбранной модели.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>provider:model, e.g. ollama:llama3.2</source>
        <translation>провайдер:модель, например ollama:llama3.2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model to add</source>
        <translation>Модель для добавления</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add to list</source>
        <translation>Добавить в список</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+2"/>
        <source>Proxy</source>
        <translation>Прокси</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No proxy, e.g. socks5://127.0.0.1:1080</source>
        <translation>Без прокси, например socks5://127.0.0.1:1080</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>For online services only: http://, https://, socks5:// or socks4://, with user:password@ if the proxy asks (the password as it is, with no %-encoding; it is kept in the system keyring, like API keys). Servers on this computer are always reached directly.</source>
        <translation>Только для онлайн-сервисов: http://, https://, socks5:// или socks4://, с user:password@, если прокси этого требует (пароль как есть, без %-кодирования; он хранится в системном хранилище паролей, как и API-ключи). К серверам на этом компьютере приложение всегда подключается напрямую.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Don&apos;t store the password</source>
        <translation>Не сохранять пароль</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Store in a private file</source>
        <translation>Сохранить в личном файле</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>{reason}

If you agree, the proxy password goes to secrets.json in the app&apos;s data folder, a file only your user account can read. It is not encrypted there. The app remembers your answer for API keys too.</source>
        <translation>{reason}

Если вы согласны, пароль прокси будет сохранён в secrets.json в папке данных приложения — этот файл может читать только ваша учётная запись. Там он не зашифрован. Приложение запомнит ваш ответ и для API-ключей.</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Choose a model, or type one as provider:model.</source>
        <translation>Выберите модель или введите её как провайдер:модель.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Write the model as provider:model, e.g. ollama:llama3.2.</source>
        <translation>Запишите модель как провайдер:модель, например ollama:llama3.2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No provider called “{name}” is set up.</source>
        <translation>Провайдер «{name}» не настроен.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That model is in the list already.</source>
        <translation>Эта модель уже есть в списке.</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/base/file_dialogs.py" line="+17"/>
        <source>Conversations (*.json *.zip);;All files (*)</source>
        <translation>Разговоры (*.json *.zip);;Все файлы (*)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conversation (*.json)</source>
        <translation>Разговор (*.json)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Archive (*.zip)</source>
        <translation>Архив (*.zip)</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>conversation</source>
        <translation>разговор</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Import conversations</source>
        <translation>Импорт разговоров</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/settings/pages.py" line="-197"/>
        <source>General</source>
        <translation>Общие</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Same as the system</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Theme</source>
        <translation>Тема</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Light</source>
        <translation>Светлая</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>Тёмная</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Text size</source>
        <translation>Размер текста</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Send with</source>
        <translation>Отправка</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter (Shift+Enter for a new line)</source>
        <translation>Enter (Shift+Enter — новая строка)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Enter (Enter for a new line)</source>
        <translation>Ctrl+Enter (Enter — новая строка)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
</context>
<context>
    <name>GeneratedImages</name>
    <message>
        <location filename="../../dynaspark_desktop/core/generated_images.py" line="+101"/>
        <source>The generated picture</source>
        <translation>Созданная картинка</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} is {size}; pictures up to {accepted} are accepted, so it was not kept.</source>
        <translation>{name}: {size}; принимаются картинки до {accepted}, поэтому она не сохранена.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{name} the service sent is not an image (it starts {start}); nothing was kept.</source>
        <translation>{name} от сервиса — не изображение (начинается с {start}); ничего не сохранено.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>It was not kept.</source>
        <translation>Картинка не сохранена.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The saved picture</source>
        <translation>Сохранённая картинка</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It is not shown.</source>
        <translation>Картинка не показана.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The picture</source>
        <translation>Картинка</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It was not copied.</source>
        <translation>Картинка не скопирована.</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/header_bar.py" line="+55"/>
        <source>Show or hide the conversations (Ctrl+B)</source>
        <translation>Показать или скрыть разговоры (Ctrl+B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show or hide the conversations</source>
        <translation>Показать или скрыть разговоры</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>System prompt</source>
        <translation>Системный промпт</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This conversation has a system prompt: edit it</source>
        <translation>У этого разговора есть системный промпт: изменить его</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit the system prompt</source>
        <translation>Изменить системный промпт</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Parameters</source>
        <translation>Параметры</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the parameters</source>
        <translation>Изменить параметры</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Requests left</source>
        <translation>Осталось запросов</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+4"/>
        <location line="+120"/>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <location line="-119"/>
        <source>The model your next message goes to</source>
        <translation>Модель, которой уйдёт следующее сообщение</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ask every provider for its models again</source>
        <translation>Заново запросить модели у всех провайдеров</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh the models</source>
        <translation>Обновить список моделей</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>More: providers, system prompt, export, import</source>
        <translation>Ещё: провайдеры, системный промпт, экспорт, импорт</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More actions</source>
        <translation>Другие действия</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>{name}: understands images</source>
        <translation>{name}: понимает изображения</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name}: text only</source>
        <translation>{name}: только текст</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name}, accepts images</source>
        <translation>{name}, принимает изображения</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name}, text only</source>
        <translation>{name}, только текст</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>This conversation&apos;s parameters: {values}. Click to change them.</source>
        <translation>Параметры этого разговора: {values}. Нажмите, чтобы изменить.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The defaults for new chats: {values}. Click to change them.</source>
        <translation>Параметры по умолчанию для новых чатов: {values}. Нажмите, чтобы изменить.</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/controllers/history_controller.py" line="+220"/>
        <source>save your draft</source>
        <translation>сохранить черновик</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>save the system prompt</source>
        <translation>сохранить системный промпт</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>save the parameters</source>
        <translation>сохранить параметры</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>save the model</source>
        <translation>сохранить модель</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>save the answer chosen</source>
        <translation>сохранить выбранный ответ</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>undo the delete</source>
        <translation>отменить удаление</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>The draft&apos;s image {names} could not be read (its file is missing or damaged) and was left out; the rest of the draft is kept.</source>
        <translation>Не удалось прочитать изображение {names} из черновика (файл отсутствует или повреждён), поэтому оно пропущено; остальной черновик сохранён.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/controllers/history_jobs.py" line="+96"/>
        <source>The chat history in {folder} could not be opened.</source>
        <translation>Не удалось открыть историю чатов в {folder}.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/storage/database.py" line="+226"/>
        <location filename="../../dynaspark_desktop/ui/controllers/history_jobs.py" line="+6"/>
        <source>conversations are not being saved</source>
        <translation>разговоры не сохраняются</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The chat history at {path} cannot be opened.</source>
        <translation>Не удаётся открыть историю чатов в {path}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The chat history at {path} cannot be opened ({error}). Check that the folder exists and that you may write to it.</source>
        <translation>Не удаётся открыть историю чатов в {path} ({error}). Проверьте, что папка существует и у вас есть право записи в неё.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/controllers/history_jobs.py" line="+19"/>
        <source>Conversations are not being saved until this is fixed.</source>
        <translation>Пока это не исправлено, разговоры не сохраняются.</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Could not {what}: {error}</source>
        <translation>Не удалось {what}: {error}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>your conversations are not being saved (answers still show)</source>
        <translation>разговоры не сохраняются (ответы по-прежнему показываются)</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/controllers/history_recording.py" line="+144"/>
        <source>save the answer</source>
        <translation>сохранить ответ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>save the error</source>
        <translation>сохранить ошибку</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>save that the answer was stopped</source>
        <translation>сохранить, что ответ был остановлен</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>mark as read</source>
        <translation>отметить как прочитанное</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>Your message could not be saved, so it was not sent.</source>
        <translation>Не удалось сохранить сообщение, поэтому оно не отправлено.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your message could not be saved, so it was not sent: {reason}.</source>
        <translation>Не удалось сохранить сообщение, поэтому оно не отправлено: {reason}.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/storage/history.py" line="+54"/>
        <source>The app closed before the answer arrived.</source>
        <translation>Приложение закрылось до того, как пришёл ответ.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/storage/models.py" line="+186"/>
        <source>Your chat history file was empty, so a new one was started.</source>
        <translation>Файл истории чатов был пуст, поэтому начат новый.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your chat history file was damaged, so a new one was started.</source>
        <translation>Файл истории чатов был повреждён, поэтому начат новый.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The old file was kept at {path}.</source>
        <translation>Старый файл сохранён в {path}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The most recent backup is {backup}: to go back to it, quit the app and copy it to {path}.</source>
        <translation>Последняя резервная копия — {backup}: чтобы вернуться к ней, закройте приложение и скопируйте её в {path}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The most recent backup is {backup}.</source>
        <translation>Последняя резервная копия — {backup}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>If you have a copy of your history elsewhere, quit the app and copy it to {path}.</source>
        <translation>Если у вас есть копия истории в другом месте, закройте приложение и скопируйте её в {path}.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/storage/store_base.py" line="+152"/>
        <source>The chat history is closed.</source>
        <translation>История чатов закрыта.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>The image “{name}” is missing from {folder}.</source>
        <translation>Изображения «{name}» нет в {folder}.</translation>
    </message>
</context>
<context>
    <name>HttpBody</name>
    <message>
        <location filename="../../dynaspark_desktop/providers/http_body.py" line="+58"/>
        <source>answer</source>
        <translation>ответа</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>model list</source>
        <translation>списка моделей</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>picture</source>
        <translation>картинки</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>The {what} from {service} is larger than {size}, the most this app reads; it was not kept.</source>
        <translation>Размер {what} от {service} больше {size} — это предел, который читает приложение; данные не сохранены.</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>{service} took more than {wait} to send its reply; try again.</source>
        <translation>Сервер {service} отправлял ответ дольше {wait}; повторите попытку.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{service} stopped sending in the middle of its reply for {wait}; try again.</source>
        <translation>Сервер {service} замолчал посреди ответа на {wait}; повторите попытку.</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>{service} answered with JSON nested too deeply to read (more than {depth} levels); it was not used.</source>
        <translation>Сервер {service} прислал JSON со слишком глубокой вложенностью (больше {depth} уровней); ответ не использован.</translation>
    </message>
</context>
<context>
    <name>HttpErrors</name>
    <message>
        <location filename="../../dynaspark_desktop/providers/http_errors.py" line="+56"/>
        <source>HTML content</source>
        <translation>HTML-содержимое</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(empty answer)</source>
        <translation>(пустой ответ)</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>more than a day</source>
        <translation>больше суток</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>1 second</source>
        <translation>1 с</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} seconds</source>
        <translation>{count} с</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1 minute</source>
        <translation>1 мин</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} minutes</source>
        <translation>{count} мин</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1 hour</source>
        <translation>1 ч</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} hours</source>
        <translation>{count} ч</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{service} wants an API key for this request (HTTP 401).</source>
        <translation>Сервер {service} требует API-ключ для этого запроса (HTTP 401).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{service} blocked the request with its bot protection (a Cloudflare challenge). Try again later, or use another model or endpoint.</source>
        <translation>Сервер {service} заблокировал запрос защитой от ботов (проверка Cloudflare). Повторите попытку позже или выберите другую модель или адрес.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{service} no longer answers at this address (HTTP {status}): the service has probably moved this endpoint. Set the new address with --endpoint or DYNASPARK_ENDPOINT.</source>
        <translation>Сервер {service} больше не отвечает по этому адресу (HTTP {status}): вероятно, сервис сменил адрес. Укажите новый адрес через --endpoint или DYNASPARK_ENDPOINT.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Try again in {wait}.</source>
        <translation>Повторите через {wait}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try again later.</source>
        <translation>Повторите попытку позже.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{service} is rate-limiting requests (HTTP {status}).</source>
        <translation>Сервер {service} ограничивает частоту запросов (HTTP {status}).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{service} is down or still waking up (HTTP {status}). The free service sleeps when idle; retrying in a minute usually works.</source>
        <translation>Сервер {service} недоступен или ещё просыпается (HTTP {status}). Бесплатный сервис засыпает без нагрузки; обычно помогает повтор через минуту.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Response {status}: {body}</source>
        <translation>Ответ {status}: {body}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>No answer from {service} within {wait}. The free service may be asleep or overloaded; try again in a minute.</source>
        <translation>Сервер {service} не ответил за {wait}. Бесплатный сервис может спать или быть перегружен; повторите через минуту.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot connect to the proxy to reach {service}. Check the proxy setting.</source>
        <translation>Не удаётся подключиться к прокси для доступа к {service}. Проверьте настройку прокси.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot find {service}: the name lookup (DNS) failed. Check your internet connection.</source>
        <translation>Не удаётся найти {service}: ошибка поиска имени (DNS). Проверьте подключение к интернету.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot open a secure connection to {service} (certificate or TLS problem).</source>
        <translation>Не удаётся установить защищённое соединение с {service} (проблема с сертификатом или TLS).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot connect to {service} ({reason}). Check your internet connection, or whether the server is running.</source>
        <translation>Не удаётся подключиться к {service} ({reason}). Проверьте подключение к интернету и работает ли сервер.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The connection to {service} broke before the answer arrived. Try again.</source>
        <translation>Соединение с {service} прервалось до получения ответа. Повторите попытку.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>“{address}” is not a valid web address (it must start with http:// or https://): check the endpoint setting.</source>
        <translation>«{address}» — неверный веб-адрес (он должен начинаться с http:// или https://): проверьте настройку адреса.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{service} keeps redirecting the request (a redirect loop): the service has probably moved this endpoint. Set the new address with --endpoint or DYNASPARK_ENDPOINT.</source>
        <translation>Сервер {service} бесконечно перенаправляет запрос (петля перенаправлений): вероятно, сервис сменил адрес. Укажите новый адрес через --endpoint или DYNASPARK_ENDPOINT.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>It wants a user name and password: check them in the proxy setting.</source>
        <translation>Прокси требует имя пользователя и пароль: проверьте их в настройке прокси.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check the proxy setting.</source>
        <translation>Проверьте настройку прокси.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The proxy refused to connect to {service} ({reason}).</source>
        <translation>Прокси отказался подключаться к {service} ({reason}).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{service} sent a reply whose headers are oversized ({problem}), so its answer was not read. The fault is with the server or a proxy on the way, not with your settings; try again later, or use another model.</source>
        <translation>Сервер {service} прислал ответ со слишком большими заголовками ({problem}), поэтому ответ не прочитан. Дело в сервере или прокси на пути, а не в ваших настройках; повторите попытку позже или выберите другую модель.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{service} did not answer in HTTP: check that the endpoint address is right.</source>
        <translation>Сервер {service} ответил не по HTTP: проверьте, верен ли адрес.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The request to {service} failed: {error}.</source>
        <translation>Запрос к {service} не удался: {error}.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/providers/connect_failures.py" line="+22"/>
        <source>one is longer than 8 KB</source>
        <translation>один из них длиннее 8 КБ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>there are too many of them</source>
        <translation>их слишком много</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/providers/http_errors.py" line="+15"/>
        <source>The SOCKS proxy did not answer in time while connecting to {service}. Check the proxy setting.</source>
        <translation>SOCKS-прокси не ответил вовремя при подключении к {service}. Проверьте настройку прокси.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot connect to the SOCKS proxy to reach {service}. Check the proxy setting.</source>
        <translation>Не удаётся подключиться к SOCKS-прокси для доступа к {service}. Проверьте настройку прокси.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The SOCKS proxy refused to connect to {service} ({reason}). Check the proxy setting, its user name and password.</source>
        <translation>SOCKS-прокси отказался подключаться к {service} ({reason}). Проверьте настройку прокси, имя пользователя и пароль.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/providers/connect_failures.py" line="+9"/>
        <source>the connection was refused</source>
        <translation>в соединении отказано</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the network or host is unreachable</source>
        <translation>сеть или узел недоступны</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the connection timed out</source>
        <translation>истекло время ожидания соединения</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the connection failed</source>
        <translation>не удалось соединиться</translation>
    </message>
</context>
<context>
    <name>ImageGeneration</name>
    <message>
        <location filename="../../dynaspark_desktop/providers/image_generation.py" line="+47"/>
        <source>Pictures are made from words alone: remove the attached image to use /imagine, or ask about the image without /imagine.</source>
        <translation>Картинки создаются только по словам: уберите прикреплённое изображение, чтобы использовать /imagine, или спросите об изображении без /imagine.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Image generation needs the Dynaspark API, which is missing.</source>
        <translation>Для создания картинок нужен Dynaspark API, а он недоступен.</translation>
    </message>
</context>
<context>
    <name>ImageIntake</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/base/image_intake.py" line="+67"/>
        <source>“{name}” is a folder. Drop a single image file instead.</source>
        <translation>«{name}» — это папка. Перетащите один файл изображения.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>That is a link to a web image, not the image itself. Save the image first, or copy the image (not its address) and paste it here.</source>
        <translation>Это ссылка на изображение в интернете, а не само изображение. Сначала сохраните его или скопируйте само изображение (а не адрес) и вставьте сюда.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>There is no image in what was dropped or pasted.</source>
        <translation>В перетащенных или вставленных данных нет изображения.</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/image_viewer.py" line="+98"/>
        <source>{name} — image</source>
        <translation>{name} — изображение</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image viewer: {name}</source>
        <translation>Просмотр изображения: {name}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Zoom out (Ctrl+−)</source>
        <translation>Уменьшить (Ctrl+−)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Zoom in (Ctrl++)</source>
        <translation>Увеличить (Ctrl++)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fit</source>
        <translation>Вписать</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fit the window (Ctrl+0)</source>
        <translation>Вписать в окно (Ctrl+0)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Actual size (Ctrl+1)</source>
        <translation>Исходный размер (Ctrl+1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copy the image (Ctrl+C)</source>
        <translation>Скопировать изображение (Ctrl+C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save…</source>
        <translation>Сохранить…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the image as a file (Ctrl+S)</source>
        <translation>Сохранить изображение в файл (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Close (Esc)</source>
        <translation>Закрыть (Esc)</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Opening “{name}”…</source>
        <translation>Открытие «{name}»…</translation>
    </message>
</context>
<context>
    <name>ImageViewing</name>
    <message>
        <location filename="../../dynaspark_desktop/core/image_viewing.py" line="+39"/>
        <source>It is not shown; Save keeps the file as it is.</source>
        <translation>Оно не показано; «Сохранить» сохранит файл как есть.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name} is damaged: {reason}.</source>
        <translation>Файл {name} повреждён: {reason}.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/image_viewing.py" line="+99"/>
        <source>The image could not be shown; the details are in the log.</source>
        <translation>Не удалось показать изображение; подробности в журнале.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The image is on the clipboard.</source>
        <translation>Изображение скопировано в буфер обмена.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Save the image</source>
        <translation>Сохранить изображение</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Image (*{suffix});;All files (*)</source>
        <translation>Изображение (*{suffix});;Все файлы (*)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Could not save the image as {name}: {reason}.</source>
        <translation>Не удалось сохранить изображение как {name}: {reason}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saved the image as {path}.</source>
        <translation>Изображение сохранено как {path}.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{width}×{height}, shown reduced to {shown_width}×{shown_height}</source>
        <translation>{width}×{height}, уменьшено до {shown_width}×{shown_height}</translation>
    </message>
</context>
<context>
    <name>Images</name>
    <message>
        <location filename="../../dynaspark_desktop/core/image_decoding.py" line="+110"/>
        <source>{name} took longer than {seconds} seconds to prepare, so it was stopped. Try a smaller copy of the image.</source>
        <translation>{name}: подготовка заняла больше {seconds} с и была остановлена. Попробуйте уменьшенную копию изображения.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{name} is a PostScript, EPS or PDF document, not a picture. This app does not open those (they can run programs): export it as a PNG or JPEG first.</source>
        <translation>{name}: это документ PostScript, EPS или PDF, а не картинка. Приложение не открывает такие файлы (они могут запускать программы): сначала экспортируйте его в PNG или JPEG.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Scale it down (to about {side} pixels on its longest side) and attach it again.</source>
        <translation>Уменьшите его (примерно до {side} пикселей по длинной стороне) и прикрепите снова.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name} is {width}×{height} pixels: opening it would take about {needed} of memory, more than the {allowed} allowed.</source>
        <translation>{name}: {width}×{height} пикселей; для открытия нужно около {needed} памяти, больше допустимых {allowed}.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{name} has too many pixels to open safely (a “decompression bomb”).</source>
        <translation>{name}: слишком много пикселей, открывать небезопасно («бомба декомпрессии»).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} is not an image this app can read.</source>
        <translation>{name}: приложение не может прочитать это как изображение.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name} is damaged ({error}).</source>
        <translation>{name}: файл повреждён ({error}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name} has no pixels.</source>
        <translation>{name}: в изображении нет ни одного пикселя.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} is {width}×{height} pixels, too large to open safely (the limit is {limit} megapixels).</source>
        <translation>{name}: {width}×{height} пикселей — слишком много для безопасного открытия (предел — {limit} мегапикселей).</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/core/images.py" line="+99"/>
        <source>The file</source>
        <translation>Файл</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>“{name}” no longer exists.</source>
        <translation>Файла «{name}» больше нет.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“{name}” is a folder. Drop a single image file instead.</source>
        <translation>«{name}» — это папка. Перетащите один файл изображения.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>“{name}” is not a file (it is a pipe, socket or device).</source>
        <translation>«{name}» — не файл (это канал, сокет или устройство).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>“{name}” is larger than the {size} accepted.</source>
        <translation>«{name}» больше допустимых {size}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{name}” is {size}; images up to {accepted} are accepted.</source>
        <translation>Размер «{name}» — {size}; принимаются изображения до {accepted}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>“{name}” cannot be read: {reason}.</source>
        <translation>Не удаётся прочитать «{name}»: {reason}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>“{name}” is empty (0 bytes).</source>
        <translation>Файл «{name}» пуст (0 байт).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>this app is not allowed to open it (check the file&apos;s permissions)</source>
        <translation>у приложения нет прав на его открытие (проверьте права доступа к файлу)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pasted image {time}</source>
        <translation>Вставленное изображение {time}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The image</source>
        <translation>Изображение</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name} is empty.</source>
        <translation>{name}: файл пуст.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Animated image: only its first frame is sent.</source>
        <translation>Анимированное изображение: отправляется только первый кадр.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{name} is too large to open safely.</source>
        <translation>{name}: слишком большое, открывать небезопасно.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/core/generated_images.py" line="-37"/>
        <location filename="../../dynaspark_desktop/core/images.py" line="+4"/>
        <source>{name} is damaged or incomplete ({error}).</source>
        <translation>{name}: файл повреждён или неполон ({error}).</translation>
    </message>
</context>
<context>
    <name>ImagesNote</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/image_count_note.py" line="+22"/>
        <source>{reader} reads one picture: it will get the first, “{name}”.</source>
        <translation>{reader} принимает только одну картинку: будет отправлена первая — «{name}».</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{reader} reads {most} pictures: it will get the first {most}, {names}.</source>
        <translation>{reader} принимает не больше {most} картинок: будут отправлены первые {most} — {names}.</translation>
    </message>
</context>
<context>
    <name>Imagine</name>
    <message>
        <location filename="../../dynaspark_desktop/core/imagine.py" line="+27"/>
        <source>/imagine a red bicycle by the sea --wide</source>
        <translation>/imagine красный велосипед у моря --wide</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Write the size as --size WIDTHxHEIGHT, e.g. --size 1024x768 (each side {min} to {max} pixels), or use --square, --wide or --tall.</source>
        <translation>Укажите размер как --size ШИРИНАxВЫСОТА, например --size 1024x768 (каждая сторона от {min} до {max} пикселей), или используйте --square, --wide или --tall.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Describe the picture after {command}, for example: {example}</source>
        <translation>Опишите картинку после {command}, например: {example}</translation>
    </message>
</context>
<context>
    <name>Import</name>
    <message>
        <location filename="../../dynaspark_desktop/storage/import_checks.py" line="+76"/>
        <source>{source} cannot be imported: it has {problem}.</source>
        <translation>{source} нельзя импортировать: {problem}.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The file</source>
        <translation>Файл</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{source} is not a conversation exported by Dynaspark Desktop.</source>
        <translation>{source}: это не разговор, экспортированный из Dynaspark Desktop.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{source} was exported by a newer version of Dynaspark Desktop; update to import it.</source>
        <translation>{source}: экспортировано более новой версией Dynaspark Desktop; обновите приложение, чтобы импортировать.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>an unknown format version</source>
        <translation>неизвестная версия формата</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>“parameters” that are not parameters this app takes</source>
        <translation>«parameters» содержит параметры, которые приложение не принимает</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>a “uid” that is not an id</source>
        <translation>«uid» не является идентификатором</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>a “parent” out of range</source>
        <translation>«parent» вне допустимого диапазона</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>an answer without its question</source>
        <translation>ответ без вопроса</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a message</source>
        <translation>сообщение</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>an unknown value ({error})</source>
        <translation>неизвестное значение ({error})</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>an image</source>
        <translation>изображение</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an image of a type this app does not keep</source>
        <translation>изображение типа, который приложение не хранит</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an image whose bytes are damaged (its SHA-256 does not match)</source>
        <translation>изображение повреждено (не совпадает SHA-256)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>an image that is not the kind of image it claims to be</source>
        <translation>изображение не того типа, за который себя выдаёт</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>image notes that are not short texts</source>
        <translation>примечания к изображению — не короткие тексты</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>an image that cannot be shown ({error})</source>
        <translation>изображение, которое нельзя показать ({error})</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{what} of the wrong type</source>
        <translation>{what} неверного типа</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no “{key}”</source>
        <translation>нет «{key}»</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a “{key}”</source>
        <translation>поле «{key}»</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a “{key}” that is not valid text</source>
        <translation>поле «{key}» — недопустимый текст</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>a “{key}” that is too long</source>
        <translation>поле «{key}» слишком длинное</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>“{key}” set to a time that is not a real date</source>
        <translation>в «{key}» время, которое не является настоящей датой</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>a “{key}” out of range</source>
        <translation>поле «{key}» вне допустимого диапазона</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a “{key}” larger than {size}</source>
        <translation>поле «{key}» больше {size}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a “{key}” that is not base64</source>
        <translation>поле «{key}» не в base64</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/storage/import_reading.py" line="+89"/>
        <source>{source} is larger than a conversation can be ({cap}).</source>
        <translation>{source}: больше, чем может быть разговор ({cap}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{source} is {size}, larger than a conversation can be ({cap}); it was not imported.</source>
        <translation>{source}: {size}, больше, чем может быть разговор ({cap}); не импортировано.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{source} is not a file that can be imported.</source>
        <translation>{source}: этот файл нельзя импортировать.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{source} lists {count} files, more than an export of this app ({cap}); it was not imported.</source>
        <translation>{source}: в списке файлов {count} — больше, чем в экспорте этого приложения ({cap}); не импортировано.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{source} holds {count} files, more than an export of this app ({cap}); it was not imported.</source>
        <translation>{source}: файлов {count} — больше, чем в экспорте этого приложения ({cap}); не импортировано.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{source} would unpack to {size}, more than {cap}; it was not imported.</source>
        <translation>{source}: после распаковки занял бы {size}, больше {cap}; не импортировано.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>would unpack to {size}, larger than a conversation can be ({cap})</source>
        <translation>после распаковки занял бы {size}, больше, чем может быть разговор ({cap})</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>would unpack to {size}, more than one import takes ({cap})</source>
        <translation>после распаковки занял бы {size}, больше, чем принимает один импорт ({cap})</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>unpacks to more than the archive says it holds</source>
        <translation>распаковывается в больший объём, чем указано в архиве</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>is damaged in the archive ({error})</source>
        <translation>повреждён в архиве ({error})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>could not be read ({error})</source>
        <translation>не читается ({error})</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{source} holds more than {cap} separate values, far more than a conversation exported by this app; it was not imported.</source>
        <translation>{source}: больше {cap} отдельных значений — гораздо больше, чем в разговоре, экспортированном этим приложением; не импортировано.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{source} holds “{name}”, which is not a number JSON allows.</source>
        <translation>{source}: содержит «{name}» — такое число JSON не допускает.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{source} is nested too deeply to be a conversation exported by this app.</source>
        <translation>{source}: вложенность слишком глубокая для разговора, экспортированного этим приложением.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{source} is not a JSON file.</source>
        <translation>{source}: это не файл JSON.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/storage/chatgpt_tree.py" line="+24"/>
        <source>The ChatGPT export holds no answer to this question.</source>
        <translation>В экспорте ChatGPT нет ответа на этот вопрос.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/storage/import_merge.py" line="+29"/>
        <source>Untitled conversation</source>
        <translation>Разговор без названия</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>messages that contradict each other ({error})</source>
        <translation>сообщения противоречат друг другу ({error})</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/storage/transfer.py" line="+222"/>
        <source>has {problem}</source>
        <translation>— {problem}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>“{name}” is not a readable archive ({error}).</source>
        <translation>«{name}» — не читаемый архив ({error}).</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>{source} in “{archive}” {problem}.</source>
        <translation>{source} в «{archive}» {problem}.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/storage/document_transfer.py" line="+58"/>
        <source>more documents on a message than are kept</source>
        <translation>в сообщении больше документов, чем сохраняется</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a document</source>
        <translation>документ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a document of an unknown kind</source>
        <translation>документ неизвестного типа</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a document whose text is damaged (its SHA-256 does not match)</source>
        <translation>документ с повреждённым текстом (не совпадает SHA-256)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>document notes that are not short texts</source>
        <translation>примечания к документу — не короткие тексты</translation>
    </message>
</context>
<context>
    <name>ImportReport</name>
    <message>
        <location filename="../../dynaspark_desktop/storage/import_report.py" line="+43"/>
        <source>Imported 1 conversation</source>
        <translation>Импортирован 1 разговор</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Imported {count} conversations</source>
        <translation>Импортировано разговоров: {count}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1 of them was already in your history but changed since, so it was kept as a copy marked “(imported)”</source>
        <translation>он уже был в истории, но с тех пор изменился, поэтому сохранён как копия с пометкой «(импорт)»</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{count} of them were already in your history but changed since, so they were kept as copies marked “(imported)”</source>
        <translation>из них уже были в истории, но с тех пор изменились: {count}; они сохранены как копии с пометкой «(импорт)»</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>skipped {count} already in your history unchanged: {titles}</source>
        <translation>пропущено уже имеющихся в истории без изменений: {count} — {titles}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>skipped 1 that was damaged: {items}</source>
        <translation>пропущен 1 повреждённый: {items}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>skipped {count} that were damaged: {items}</source>
        <translation>пропущено повреждённых: {count} — {items}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>left out parts of {items}</source>
        <translation>не полностью импортированы: {items}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>; and {count} more (see the log)</source>
        <translation>; и ещё {count} (см. журнал)</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/storage/prompt_transfer.py" line="+96"/>
        <source>added 1 prompt to your library</source>
        <translation>в библиотеку добавлен 1 промпт</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>added {count} prompts to your library</source>
        <translation>в библиотеку добавлено промптов: {count}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>added 1 assistant</source>
        <translation>добавлен 1 ассистент</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>added {count} assistants</source>
        <translation>добавлено ассистентов: {count}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>kept your own version of {count} saved prompt(s) or assistant(s) of the same name</source>
        <translation>оставлены ваши версии одноимённых сохранённых промптов или ассистентов: {count}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>left out {count} saved prompt(s) or assistant(s) that were damaged or badly named</source>
        <translation>пропущено повреждённых или неправильно названных сохранённых промптов или ассистентов: {count}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>cut {count} saved prompt(s) or assistant(s) to the library&apos;s {cap} characters</source>
        <translation>сохранённых промптов или ассистентов сокращено до предела библиотеки в {cap} символов: {count}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>left out {count} saved prompt(s) or assistant(s) whose name the archive already used (case ignored): the first of each name was kept</source>
        <translation>пропущено сохранённых промптов или ассистентов с именем, которое в архиве уже встречалось (без учёта регистра): {count}; из одноимённых сохранён первый</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>left out {count} saved prompt(s) or assistant(s): the library holds at most {cap} of each</source>
        <translation>пропущено сохранённых промптов или ассистентов: {count} — в библиотеке может быть не больше {cap} каждого вида</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>left out its prompt library: it would unpack to {size}, more than {cap}</source>
        <translation>пропущена библиотека промптов: после распаковки заняла бы {size}, больше {cap}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>left out its prompt library, which {problem}</source>
        <translation>пропущена библиотека промптов: файл {problem}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>left out its prompt library, which is not one</source>
        <translation>пропущена библиотека промптов: файл не является библиотекой</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>left out its prompt library, written by a newer version of the app</source>
        <translation>пропущена библиотека промптов, созданная более новой версией приложения</translation>
    </message>
</context>
<context>
    <name>ImportTask</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/import_task.py" line="+57"/>
        <source>Importing conversations…</source>
        <translation>Импорт разговоров…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel import</source>
        <translation>Отменить импорт</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{title} (imported)</source>
        <translation>{title} (импорт)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Import cancelled: nothing was added.</source>
        <translation>Импорт отменён: ничего не добавлено.</translation>
    </message>
</context>
<context>
    <name>JumpButton</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/jump_button.py" line="+14"/>
        <source>↓ Latest</source>
        <translation>↓ К последнему</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Jump to the latest message</source>
        <translation>Перейти к последнему сообщению</translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/prompt_library_dialog.py" line="+67"/>
        <source>Saved prompts</source>
        <translation>Сохранённые промпты</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assistants</source>
        <translation>Ассистенты</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New</source>
        <translation>Создать</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New prompt</source>
        <translation>Новый промпт</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New assistant</source>
        <translation>Новый ассистент</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the prompt</source>
        <translation>Удалить промпт</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete the assistant</source>
        <translation>Удалить ассистента</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+7"/>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>e.g. tldr: then type /tldr in the message box</source>
        <translation>например tldr — затем введите /tldr в поле сообщения</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. Maths tutor</source>
        <translation>например Репетитор по математике</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+6"/>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+6"/>
        <source>System prompt</source>
        <translation>Системный промпт</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>What /name puts in the message box</source>
        <translation>Что /название вставит в поле сообщения</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Instructions sent with every message of its chats</source>
        <translation>Инструкции, отправляемые с каждым сообщением его чатов</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+5"/>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>The model chosen in the window</source>
        <translation>Модель, выбранная в окне</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the prompt</source>
        <translation>Сохранить промпт</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the assistant</source>
        <translation>Сохранить ассистента</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>Delete it?</source>
        <translation>Удалить?</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/message_sending.py" line="+45"/>
        <source>The image is still being prepared; send again in a moment.</source>
        <translation>Изображение ещё готовится; отправьте чуть позже.</translation>
    </message>
</context>
<context>
    <name>Markdown</name>
    <message>
        <location filename="../../dynaspark_desktop/core/markdown/render.py" line="+105"/>
        <source>… {count} more characters are not shown here. Copy the message to get all of it.</source>
        <translation>… ещё {count} симв. здесь не показано. Скопируйте сообщение, чтобы получить его целиком.</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy code</source>
        <translation>Скопировать код</translation>
    </message>
</context>
<context>
    <name>MessageMenu</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/message_actions.py" line="+52"/>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy message as Markdown</source>
        <translation>Скопировать сообщение в Markdown</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Copy message as plain text</source>
        <translation>Скопировать сообщение как простой текст</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Select all</source>
        <translation>Выделить всё</translation>
    </message>
</context>
<context>
    <name>ModelCatalog</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/controllers/model_catalog.py" line="+184"/>
        <source>it lists no models</source>
        <translation>список моделей пуст</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>listing its models failed; the details are in the log</source>
        <translation>не удалось получить список моделей; подробности в журнале</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/model_picker.py" line="+49"/>
        <source>loading</source>
        <translation>загрузка</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not available now</source>
        <translation>сейчас недоступна</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>provider not set up</source>
        <translation>провайдер не настроен</translation>
    </message>
    <message>
        <location line="+17"/>
        <source> · loading…</source>
        <translation> · загрузка…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · unavailable</source>
        <translation> · недоступен</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{provider}: unavailable, {problem}</source>
        <translation>{provider}: недоступен, {problem}</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>understands images</source>
        <translation>понимает изображения</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>text only</source>
        <translation>только текст</translation>
    </message>
</context>
<context>
    <name>ModelPresenter</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/model_presenter.py" line="+89"/>
        <source>{model} ({provider}): the model your next message goes to</source>
        <translation>{model} ({provider}): модель, которой уйдёт следующее сообщение</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>{model} cannot see images, and no model that can is available. The image stays attached; choose a model that sees images to send it.</source>
        <translation>{model} не видит изображений, а модели, которая видит, сейчас нет. Изображение остаётся прикреплённым; чтобы отправить его, выберите модель, понимающую изображения.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{model} cannot see images. Switch to {other} ({provider}) to ask about this one? The image stays attached either way.</source>
        <translation>{model} не видит изображений. Переключиться на {other} ({provider}), чтобы спросить об этом? Изображение в любом случае останется прикреплённым.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Use {model}</source>
        <translation>Выбрать {model}</translation>
    </message>
</context>
<context>
    <name>Navigator</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/navigator.py" line="-216"/>
        <source>The file could not be used: {reason}.</source>
        <translation>Не удалось использовать файл: {reason}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Something went wrong with the chat history; the details are in the log.</source>
        <translation>С историей чатов что-то пошло не так; подробности в журнале.</translation>
    </message>
    <message>
        <location line="+132"/>
        <source>Conversation deleted.</source>
        <translation>Разговор удалён.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Send a message first: there is nothing to export yet.</source>
        <translation>Сначала отправьте сообщение: экспортировать пока нечего.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Export as Markdown</source>
        <translation>Экспорт в Markdown</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export as JSON</source>
        <translation>Экспорт в JSON</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Export all conversations</source>
        <translation>Экспорт всех разговоров</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Exported to {path}.</source>
        <translation>Экспортировано в {path}.</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/base/notice_bar.py" line="+34"/>
        <source>Notice</source>
        <translation>Уведомление</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The notice&apos;s action</source>
        <translation>Действие уведомления</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Dismiss</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dismiss notice</source>
        <translation>Закрыть уведомление</translation>
    </message>
</context>
<context>
    <name>OpenAiCompatible</name>
    <message>
        <location filename="../../dynaspark_desktop/providers/openai_compatible.py" line="+179"/>
        <location line="+165"/>
        <source>an HTML page</source>
        <translation>HTML-страницу</translation>
    </message>
    <message>
        <location line="-160"/>
        <source>{service} did not answer with a model list ({shown}): check the base URL (it usually ends in /v1).</source>
        <translation>Сервер {service} не прислал список моделей ({shown}): проверьте базовый URL (обычно он заканчивается на /v1).</translation>
    </message>
    <message>
        <location line="+166"/>
        <source>{service} answered with something unexpected: {shown}.</source>
        <translation>Сервер {service} прислал неожиданный ответ: {shown}.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/providers/stream_breaks.py" line="+21"/>
        <source>The answer from {service} stopped before it was complete (the connection broke). What arrived is kept; try again for the whole answer.</source>
        <translation>Ответ от {service} оборвался на середине (соединение прервалось). Полученная часть сохранена; повторите запрос, чтобы получить ответ целиком.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The connection to {service} broke before the answer arrived. Try again.</source>
        <translation>Соединение с {service} прервалось до получения ответа. Повторите попытку.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+13"/>
        <source> in the middle of the answer</source>
        <translation> посреди ответа</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>{service} sent no complete piece of the answer for {wait}{where}, so it was stopped. Try again, or another model.</source>
        <translation>Сервер {service}{where} не присылал ни одной целой части ответа в течение {wait}, поэтому ответ остановлен. Повторите попытку или выберите другую модель.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{service} sent nothing for {wait}{where}. It may be busy or still loading the model; try again, or another model.</source>
        <translation>Сервер {service}{where} ничего не присылал в течение {wait}. Возможно, он занят или ещё загружает модель; повторите попытку или выберите другую модель.</translation>
    </message>
</context>
<context>
    <name>OpenAiFormat</name>
    <message>
        <location filename="../../dynaspark_desktop/providers/openai_format.py" line="+199"/>
        <source>no reason given</source>
        <translation>причина не указана</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{service} is rate-limiting requests: {text}. Try again later.</source>
        <translation>{service} ограничивает число запросов: {text}. Повторите попытку позже.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{service} failed while answering: {text}. Try again.</source>
        <translation>Сбой {service} во время ответа: {text}. Повторите попытку.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{service} stopped with an error: {text}.</source>
        <translation>{service} остановился с ошибкой: {text}.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{service} refused the API key (HTTP {status}): {reason}.</source>
        <translation>{service} отклонил API-ключ (HTTP {status}): {reason}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{service} wants an API key (HTTP {status}): add one in its settings.</source>
        <translation>{service} требует API-ключ (HTTP {status}): добавьте его в настройках провайдера.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{service} refused access with this API key (HTTP 403): {reason}.</source>
        <translation>{service} отказал в доступе с этим API-ключом (HTTP 403): {reason}.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{service} has no model “{model}” (HTTP 404): {reason}. Pick another model or refresh the model list.</source>
        <translation>У {service} нет модели «{model}» (HTTP 404): {reason}. Выберите другую модель или обновите список моделей.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Nothing answers at this address on {service} (HTTP {status}): check the provider&apos;s base URL (it usually ends in /v1).</source>
        <translation>По этому адресу {service} ничего не отвечает (HTTP {status}): проверьте базовый адрес провайдера (обычно он оканчивается на /v1).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{service} refused the request (HTTP {status}): {reason}.</source>
        <translation>{service} отклонил запрос (HTTP {status}): {reason}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{service} failed to answer (HTTP {status}): {reason}. Try again, or another model.</source>
        <translation>{service} не смог ответить (HTTP {status}): {reason}. Повторите попытку или выберите другую модель.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Response {status}: {reason}.</source>
        <translation>Ответ {status}: {reason}.</translation>
    </message>
</context>
<context>
    <name>ParametersDialog</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/parameters_dialog.py" line="+51"/>
        <location line="+1"/>
        <source>Parameters</source>
        <translation>Параметры</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{provider} takes no parameters: its models answer with their own settings, so there is nothing to set here. Choose a model of the Dynaspark API or of an OpenAI-compatible server to set the temperature and the others.</source>
        <translation>{provider} не принимает параметры: его модели отвечают со своими настройками, так что здесь нечего задавать. Чтобы задать температуру и остальное, выберите модель Dynaspark API или OpenAI-совместимого сервера.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This conversation&apos;s own values.</source>
        <translation>Собственные значения этого разговора.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This conversation uses the defaults for new chats.</source>
        <translation>Этот разговор использует значения по умолчанию для новых чатов.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sent to {provider} with every message of this conversation. An unticked parameter is left to the model. {whose}</source>
        <translation>Отправляются в {provider} с каждым сообщением этого разговора. Параметр без галочки остаётся на усмотрение модели. {whose}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sent with every message of a chat that has no parameters of its own, to the models that take them. An unticked parameter is left to the model.</source>
        <translation>Отправляются с каждым сообщением чата, у которого нет собственных параметров, тем моделям, которые их принимают. Параметр без галочки остаётся на усмотрение модели.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Use these for new chats too</source>
        <translation>Использовать и для новых чатов</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use these parameters for new chats too</source>
        <translation>Использовать эти параметры и для новых чатов</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Use the defaults</source>
        <translation>По умолчанию</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the defaults for new chats in this conversation</source>
        <translation>Использовать в этом разговоре значения по умолчанию для новых чатов</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Temperature</source>
        <translation>Температура</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Higher: more varied answers; lower: more focused and repeatable.</source>
        <translation>Выше — ответы разнообразнее; ниже — точнее и повторяемее.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only the likeliest words that make up this share are considered.</source>
        <translation>Рассматриваются только самые вероятные слова, составляющие эту долю.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Max tokens</source>
        <translation>Макс. токенов</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The longest answer, in tokens (about ¾ of a word each).</source>
        <translation>Наибольшая длина ответа в токенах (токен — примерно ¾ слова).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Presence penalty</source>
        <translation>Штраф за присутствие</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Above 0: the model moves on to new topics more readily.</source>
        <translation>Больше 0: модель охотнее переходит к новым темам.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Frequency penalty</source>
        <translation>Штраф за частоту</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Above 0: the model repeats the same words less.</source>
        <translation>Больше 0: модель реже повторяет одни и те же слова.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Seed</source>
        <translation>Зерно</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The same seed and question give the same answer, where supported.</source>
        <translation>Одинаковые зерно и вопрос дают одинаковый ответ (где это поддерживается).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Set {parameter}</source>
        <translation>Задать: {parameter}</translation>
    </message>
</context>
<context>
    <name>PictureActions</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/picture_actions.py" line="+91"/>
        <source>copy the picture</source>
        <translation>скопировать картинку</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The picture&apos;s file is damaged; it was not copied.</source>
        <translation>Файл картинки повреждён; она не скопирована.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The picture is on the clipboard.</source>
        <translation>Картинка скопирована в буфер обмена.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save the picture</source>
        <translation>Сохранить картинку</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Image (*{extension});;All files (*)</source>
        <translation>Изображение (*{extension});;Все файлы (*)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>save the picture as {name}</source>
        <translation>сохранить картинку как {name}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved the picture as {path}.</source>
        <translation>Картинка сохранена как {path}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not {what}: {reason}.</source>
        <translation>Не удалось {what}: {reason}.</translation>
    </message>
</context>
<context>
    <name>PictureBlock</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/picture_view.py" line="+160"/>
        <source>The picture&apos;s file is missing from the history folder or damaged, so it cannot be shown.</source>
        <translation>Файл картинки отсутствует в папке истории или повреждён, поэтому её нельзя показать.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Copy image</source>
        <translation>Копировать изображение</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Copy the picture to the clipboard</source>
        <translation>Скопировать картинку в буфер обмена</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save image as…</source>
        <translation>Сохранить изображение как…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the picture as a file</source>
        <translation>Сохранить картинку в файл</translation>
    </message>
</context>
<context>
    <name>PictureView</name>
    <message>
        <location line="-128"/>
        <source>Click to see the picture large</source>
        <translation>Нажмите, чтобы увеличить картинку</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Generated image: {prompt}</source>
        <translation>Созданное изображение: {prompt}</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <location filename="../../dynaspark_desktop/providers/presets.py" line="+45"/>
        <source>llama.cpp server</source>
        <translation>Сервер llama.cpp</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Custom server</source>
        <translation>Свой сервер</translation>
    </message>
</context>
<context>
    <name>PromptCompleter</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/prompt_completer.py" line="+56"/>
        <source>Saved prompts</source>
        <translation>Сохранённые промпты</translation>
    </message>
    <message>
        <location line="+140"/>
        <source>What you typed is unchanged.</source>
        <translation>Введённый текст не изменён.</translation>
    </message>
</context>
<context>
    <name>PromptLibrary</name>
    <message>
        <location filename="../../dynaspark_desktop/storage/prompts.py" line="+72"/>
        <source>A name is needed.</source>
        <translation>Нужно название.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A name can be at most {count} characters.</source>
        <translation>Название может быть не длиннее {count} символов.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A name cannot start or end with a space or hold control characters.</source>
        <translation>Название не может начинаться или заканчиваться пробелом и содержать управляющие символы.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A prompt&apos;s name is one word: letters, digits, “-”, “_” and “.”, no spaces.</source>
        <translation>Название промпта — одно слово: буквы, цифры, «-», «_» и «.», без пробелов.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“/{name}” is the composer&apos;s own command.</source>
        <translation>«/{name}» — встроенная команда поля ввода.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>There is already a prompt named “{name}”.</source>
        <translation>Промпт с названием «{name}» уже есть.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is already an assistant named “{name}”.</source>
        <translation>Ассистент с названием «{name}» уже есть.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>The library holds at most {count} of each.</source>
        <translation>В библиотеке может быть не больше {count} каждого вида.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/controllers/library_jobs.py" line="+67"/>
        <source>The chat history is not open, so the library cannot be saved.</source>
        <translation>История чатов не открыта, поэтому библиотеку нельзя сохранить.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>It was deleted meanwhile.</source>
        <translation>Он тем временем был удалён.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The library could not be saved: {error}</source>
        <translation>Не удалось сохранить библиотеку: {error}</translation>
    </message>
</context>
<context>
    <name>PromptLibraryDialog</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/prompt_library_dialog.py" line="+26"/>
        <source>Prompts and assistants</source>
        <translation>Промпты и ассистенты</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saved prompts go into the message box: type / and the name, or choose one from the ⋯ menu. An assistant starts a new chat with its system prompt.</source>
        <translation>Сохранённые промпты вставляются в поле сообщения: введите / и название или выберите промпт в меню ⋯. Ассистент начинает новый чат со своим системным промптом.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Prompts</source>
        <translation>Промпты</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assistants</source>
        <translation>Ассистенты</translation>
    </message>
</context>
<context>
    <name>PromptsPresenter</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/prompts_presenter.py" line="+51"/>
        <source>Insert a prompt</source>
        <translation>Вставить промпт</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New chat with an assistant</source>
        <translation>Новый чат с ассистентом</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>No saved prompts yet</source>
        <translation>Сохранённых промптов пока нет</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Manage prompts…</source>
        <translation>Управление промптами…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No assistants yet</source>
        <translation>Ассистентов пока нет</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Manage assistants…</source>
        <translation>Управление ассистентами…</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>The assistant “{name}” uses the model “{model}”, which no provider offers now; this chat uses {current}. Choose another in the assistant&apos;s settings.</source>
        <translation>Ассистент «{name}» использует модель «{model}», которую сейчас не предлагает ни один провайдер; в этом чате используется {current}. Выберите другую модель в настройках ассистента.</translation>
    </message>
</context>
<context>
    <name>ProviderForm</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/provider_setup/provider_form.py" line="+37"/>
        <source>{reason}

If you agree, the key goes to secrets.json in the app&apos;s data folder, a file only your user account can read. It is not encrypted there: anyone who can sign in as you, or read a backup of your home folder, could read it. The app remembers your answer for other keys.</source>
        <translation>{reason}

Если вы согласны, ключ будет сохранён в secrets.json в папке данных приложения — этот файл может читать только ваша учётная запись. Там он не зашифрован: его сможет прочитать любой, кто войдёт под вашим именем или получит резервную копию вашей домашней папки. Приложение запомнит ваш ответ и для других ключей.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{names} and {count} more</source>
        <translation>{names} и ещё {count}</translation>
    </message>
    <message>
        <location line="+33"/>
        <location line="+4"/>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>Base URL</source>
        <translation>Базовый URL</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+9"/>
        <source>API key</source>
        <translation>API-ключ</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Forget</source>
        <translation>Забыть</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the saved key</source>
        <translation>Удалить сохранённый ключ</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+10"/>
        <source>Requests at once</source>
        <translation>Запросов одновременно</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>How many answers this provider is asked for at once; more wait their turn</source>
        <translation>Сколько ответов запрашивать у этого провайдера одновременно; остальные ждут своей очереди</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Don&apos;t store the key</source>
        <translation>Не сохранять ключ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Store in a private file</source>
        <translation>Сохранить в личном файле</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+140"/>
        <source>Test connection</source>
        <translation>Проверить соединение</translation>
    </message>
    <message>
        <location line="-116"/>
        <source>on this computer</source>
        <translation>на этом компьютере</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>online</source>
        <translation>в интернете</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Custom server</source>
        <translation>Свой сервер</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} preset</source>
        <translation>Шаблон {name}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not set. This service needs one.</source>
        <translation>Не задан. Этому сервису он нужен.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not set. Servers on this computer usually need none.</source>
        <translation>Не задан. Серверам на этом компьютере он обычно не нужен.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not set.</source>
        <translation>Не задан.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not saved until it has a base URL.</source>
        <translation>Не сохраняется, пока не указан базовый URL.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Changes are saved as you go.</source>
        <translation>Изменения сохраняются сразу.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Built in</source>
        <translation>Встроенный</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not set: the free shared key is used.</source>
        <translation>Не задан: используется бесплатный общий ключ.</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>default: %n</source>
        <translation>
            <numerusform>по умолчанию: %n</numerusform>
            <numerusform>по умолчанию: %n</numerusform>
            <numerusform>по умолчанию: %n</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Looking for a saved key…</source>
        <translation>Поиск сохранённого ключа…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Saved in the system keyring.</source>
        <translation>Сохранён в системном хранилище паролей.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved in a file only you can read.</source>
        <translation>Сохранён в файле, доступном только вам.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A key is saved; type a new one to replace it</source>
        <translation>Ключ сохранён; введите новый, чтобы заменить его</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paste the API key</source>
        <translation>Вставьте API-ключ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not saved yet.</source>
        <translation>Пока не сохранён.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Testing…</source>
        <translation>Проверка…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connecting to {address}…</source>
        <translation>Подключение к {address}…</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
</context>
<context>
    <name>ProviderList</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/provider_setup/provider_list.py" line="+24"/>
        <source>Providers</source>
        <translation>Провайдеры</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Built in</source>
        <translation>Встроенный</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Comes with the app</source>
        <translation>Входит в приложение</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your servers</source>
        <translation>Ваши серверы</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>None yet: add Ollama, LM Studio, OpenAI…</source>
        <translation>Пока нет: добавьте Ollama, LM Studio, OpenAI…</translation>
    </message>
</context>
<context>
    <name>ProviderSetupController</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/provider_setup/setup_controller.py" line="+314"/>
        <source>The test could not run ({error}).</source>
        <translation>Не удалось выполнить проверку ({error}).</translation>
    </message>
</context>
<context>
    <name>Providers</name>
    <message>
        <location filename="../../dynaspark_desktop/providers/dynaspark.py" line="-61"/>
        <source>Dynaspark (web)</source>
        <translation>Dynaspark (веб)</translation>
    </message>
</context>
<context>
    <name>ProvidersDialog</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/provider_setup/providers_panel.py" line="+51"/>
        <source>Gemini models through the free Dynaspark web service. Nothing to set up.</source>
        <translation>Модели Gemini через бесплатный веб-сервис Dynaspark. Настраивать ничего не нужно.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Models through the documented Dynaspark API. It works with the free shared key; a key of your own gets you your own allowance.</source>
        <translation>Модели через документированный Dynaspark API. Работает с бесплатным общим ключом; с собственным ключом у вас будет свой лимит запросов.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/provider_setup/providers_dialog.py" line="+37"/>
        <source>Models and providers</source>
        <translation>Модели и провайдеры</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+1"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/provider_setup/providers_panel.py" line="+313"/>
        <source>{name}, not set up</source>
        <translation>{name}, не настроен</translation>
    </message>
</context>
<context>
    <name>ProvidersPanel</name>
    <message>
        <location line="-274"/>
        <source>Providers</source>
        <translation>Провайдеры</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fallback and proxy</source>
        <translation>Запасные модели и прокси</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Add server</source>
        <translation>Добавить сервер</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Custom server…</source>
        <translation>Свой сервер…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>No address yet</source>
        <translation>Адрес не указан</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
</context>
<context>
    <name>ProxySetup</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/provider_setup/proxy_setup.py" line="+125"/>
        <source>The proxy password was not saved; the proxy is used without it.</source>
        <translation>Пароль прокси не сохранён; прокси используется без него.</translation>
    </message>
</context>
<context>
    <name>QuestionBubble</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/question_bubble.py" line="+44"/>
        <source>Your message</source>
        <translation>Ваше сообщение</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{name} · {width}×{height} · click to see it large</source>
        <translation>{name} · {width}×{height} · нажмите, чтобы увеличить</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Attached image {name}</source>
        <translation>Прикреплённое изображение {name}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Attached documents</source>
        <translation>Прикреплённые документы</translation>
    </message>
</context>
<context>
    <name>QuestionVersions</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/question_versions.py" line="+26"/>
        <source>Versions of this question</source>
        <translation>Версии этого вопроса</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show the previous version of this question</source>
        <translation>Показать предыдущую версию вопроса</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Show the next version of this question</source>
        <translation>Показать следующую версию вопроса</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Question version {number} of {count}</source>
        <translation>Версия вопроса {number} из {count}</translation>
    </message>
</context>
<context>
    <name>RateLimit</name>
    <message>
        <location filename="../../dynaspark_desktop/providers/base.py" line="+99"/>
        <source>this hour</source>
        <translation>в этом часе</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{remaining} of {limit} requests left {window}</source>
        <translation>Осталось {remaining} из {limit} запросов {window}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{remaining} requests left {window}</source>
        <translation>Осталось запросов {window}: {remaining}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{limit} requests allowed {window}</source>
        <translation>Разрешено запросов {window}: {limit}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, resets {time}</source>
        <translation>, сброс в {time}</translation>
    </message>
</context>
<context>
    <name>RegionOverlay</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/region_overlay.py" line="+35"/>
        <source>Choose a region of the screen</source>
        <translation>Выберите область экрана</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Drag over the part of the screen to ask about. Enter: the whole screen. Esc: cancel.</source>
        <translation>Выделите часть экрана, о которой хотите спросить. Enter — весь экран. Esc — отмена.</translation>
    </message>
</context>
<context>
    <name>RequestContext</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/controllers/request_context.py" line="+196"/>
        <source>The image “{name}” is missing from the history folder, so it cannot be sent again.</source>
        <translation>Изображения «{name}» нет в папке истории, поэтому его нельзя отправить снова.</translation>
    </message>
</context>
<context>
    <name>ScreenCapture</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/base/screen_capture.py" line="+57"/>
        <source>The screen cannot be captured here: the app is not showing on a desktop it can read (Qt platform “{platform}”). Take a screenshot with the system&apos;s tool and drop it on the window instead.</source>
        <translation>Здесь нельзя сделать снимок экрана: приложение не показано на рабочем столе, который оно может прочитать (платформа Qt «{platform}»). Сделайте снимок экрана системным средством и перетащите его в окно.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The screen could not be read: the system refused the capture. Take a screenshot with the system&apos;s tool and drop it on the window instead.</source>
        <translation>Не удалось прочитать экран: система отказала в снимке. Сделайте снимок экрана системным средством и перетащите его в окно.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/base/screenshot_portal.py" line="+89"/>
        <source>The screen cannot be captured: this session has no D-Bus session bus, through which Wayland lets applications take screenshots.</source>
        <translation>Нельзя сделать снимок экрана: в этом сеансе нет сеансовой шины D-Bus, через которую Wayland позволяет приложениям делать снимки экрана.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>The screen cannot be captured: no desktop portal for screenshots answers in this session (install xdg-desktop-portal and your desktop&apos;s portal back-end).</source>
        <translation>Нельзя сделать снимок экрана: в этом сеансе не отвечает ни один портал рабочего стола для снимков экрана (установите xdg-desktop-portal и серверную часть портала для вашего рабочего стола).</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+27"/>
        <source>The desktop portal could not take the screenshot.</source>
        <translation>Портал рабочего стола не смог сделать снимок экрана.</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>The screenshot was cancelled; nothing was attached.</source>
        <translation>Снимок экрана отменён; ничего не прикреплено.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The desktop portal did not answer in time; the screen was not captured.</source>
        <translation>Портал рабочего стола не ответил вовремя; снимок экрана не сделан.</translation>
    </message>
</context>
<context>
    <name>ScreenQuestion</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/screen_question.py" line="+78"/>
        <source>Screen region {time}</source>
        <translation>Область экрана {time}</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>The screen capture was cancelled; nothing was attached.</source>
        <translation>Снимок экрана отменён; ничего не прикреплено.</translation>
    </message>
</context>
<context>
    <name>SearchResultDelegate</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/search_results.py" line="+127"/>
        <source>You</source>
        <translation>Вы</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answer</source>
        <translation>Ответ</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <location line="-31"/>
        <source>You</source>
        <translation>Вы</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Answer</source>
        <translation>Ответ</translation>
    </message>
</context>
<context>
    <name>Secrets</name>
    <message>
        <location filename="../../dynaspark_desktop/core/secrets.py" line="+59"/>
        <source>the system keyring could not be opened ({error})</source>
        <translation>не удалось открыть системное хранилище паролей ({error})</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The system keyring is not available: {reason}. The key can be kept in a file only you can read instead.</source>
        <translation>Системное хранилище паролей недоступно: {reason}. Вместо него ключ можно хранить в файле, доступном только вам.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>read</source>
        <translation>прочитать</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>store</source>
        <translation>сохранить</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>delete</source>
        <translation>удалить</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The system keyring could not {action} the API key (it may be locked, or its service stopped).</source>
        <translation>Системному хранилищу паролей не удалось {action} API-ключ (возможно, оно заблокировано или его служба остановлена).</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The key file {path} cannot be read; enter the API keys again.</source>
        <translation>Не удаётся прочитать файл ключей {path}; введите API-ключи заново.</translation>
    </message>
</context>
<context>
    <name>SettingField</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/settings/fields.py" line="+166"/>
        <source>This value is not accepted (it may be too long).</source>
        <translation>Это значение не принимается (возможно, оно слишком длинное).</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This value is not accepted.</source>
        <translation>Это значение не принимается.</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../dynaspark_desktop/core/setting_list.py" line="+40"/>
        <source>Dynaspark web endpoint URL; empty means the built-in one.</source>
        <translation>Адрес веб-сервиса Dynaspark; пустое значение — встроенный адрес.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Dynaspark public API base URL; empty means the built-in one.</source>
        <translation>Базовый URL публичного Dynaspark API; пустое значение — встроенный адрес.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Longest side, in pixels, an attached image is cut to.</source>
        <translation>Длина большей стороны (в пикселях), до которой уменьшается прикреплённое изображение.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Seconds to wait for an answer (the free service can take a minute to wake up).</source>
        <translation>Сколько секунд ждать ответа (бесплатный сервис может просыпаться до минуты).</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Seconds a server may pause in the middle of a reply before the read is given up.</source>
        <translation>Сколько секунд сервер может молчать посреди ответа, прежде чем чтение будет прервано.</translation>
    </message>
    <message>
        <location line="+112"/>
        <source>Light or dark colours, or those of the system.</source>
        <translation>Светлые или тёмные цвета либо цвета системы.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The size of the conversation&apos;s text, in per cent.</source>
        <translation>Размер текста разговора в процентах.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The language of the app; empty follows the system&apos;s language.</source>
        <translation>Язык приложения; пустое значение — язык системы.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Which key sends a message: Enter (Shift+Enter starts a new line) or Ctrl+Enter (Enter starts a new line).</source>
        <translation>Какая клавиша отправляет сообщение: Enter (Shift+Enter — новая строка) или Ctrl+Enter (Enter — новая строка).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The system prompt a new chat starts with.</source>
        <translation>Системный промпт, с которого начинается новый чат.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The JPEG quality, 50 to 100, of a photo cut down before it is sent.</source>
        <translation>Качество JPEG (от 50 до 100) для фотографии, уменьшенной перед отправкой.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/providers/endpoint_check.py" line="+44"/>
        <source>The address must start with http:// or https://.</source>
        <translation>Адрес должен начинаться с http:// или https://.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The address has no server name after the http(s)://.</source>
        <translation>В адресе нет имени сервера после http(s)://.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The address cannot contain spaces.</source>
        <translation>Адрес не может содержать пробелы.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>It did not work: {error}</source>
        <translation>Не работает: {error}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The endpoint answered, but with no text at all.</source>
        <translation>Сервер ответил, но совсем без текста.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>It works: the endpoint answered in {seconds:.1f} s.</source>
        <translation>Работает: сервер ответил за {seconds:.1f} с.</translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/settings/settings_window.py" line="+51"/>
        <location line="+1"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Settings pages</source>
        <translation>Разделы настроек</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>General</source>
        <translation>Общие</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat</source>
        <translation>Чат</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connections</source>
        <translation>Подключения</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Providers</source>
        <translation>Провайдеры</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data</source>
        <translation>Данные</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close the settings</source>
        <translation>Закрыть настройки</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/shortcuts.py" line="+30"/>
        <source>Conversations</source>
        <translation>Разговоры</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing</source>
        <translation>Ввод</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answers</source>
        <translation>Ответы</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Window</source>
        <translation>Окно</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New chat</source>
        <translation>Новый чат</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search all messages</source>
        <translation>Поиск по всем сообщениям</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show or hide the conversations</source>
        <translation>Показать или скрыть разговоры</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Go to the message box</source>
        <translation>Перейти к полю сообщения</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Go to the model picker; again: the next model</source>
        <translation>Перейти к выбору модели; повторно — следующая модель</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Attach images or documents</source>
        <translation>Прикрепить изображения или документы</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Insert a saved prompt</source>
        <translation>Вставить сохранённый промпт</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Compare models: ask several at once, or stop comparing</source>
        <translation>Сравнить модели: спросить несколько сразу или прекратить сравнение</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paste an image or text</source>
        <translation>Вставить изображение или текст</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ask about the screen: attach a region of it</source>
        <translation>Спросить об экране: прикрепить его область</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Send the message</source>
        <translation>Отправить сообщение</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New line</source>
        <translation>Новая строка</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stop the answer, or cancel editing a question</source>
        <translation>Остановить ответ или отменить изменение вопроса</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Regenerate the last answer</source>
        <translation>Ответить заново на последний вопрос</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Edit the last question</source>
        <translation>Изменить последний вопрос</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Copy the last answer</source>
        <translation>Скопировать последний ответ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Larger text</source>
        <translation>Увеличить текст</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Smaller text</source>
        <translation>Уменьшить текст</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text at 100%</source>
        <translation>Текст 100%</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <location line="+30"/>
        <source> or </source>
        <translation> или </translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/window_keys.py" line="+74"/>
        <source>Shortcut: {keys}</source>
        <translation>Сочетание клавиш: {keys}</translation>
    </message>
</context>
<context>
    <name>ShortcutsSheet</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/shortcuts_sheet.py" line="+26"/>
        <location line="+1"/>
        <location line="+13"/>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Tab moves between the parts of the window, the arrow keys and Enter work in every list, and Esc closes menus, dialogs and the search.</source>
        <translation>Tab переключает между частями окна, стрелки и Enter работают в любом списке, а Esc закрывает меню, диалоги и поиск.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Each action with the keys that do it</source>
        <translation>Каждое действие и клавиши для него</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>Клавиши</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Close the keyboard shortcuts</source>
        <translation>Закрыть список сочетаний клавиш</translation>
    </message>
</context>
<context>
    <name>ShownPartBar</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/shown_part.py" line="+72"/>
        <source>Show more</source>
        <translation>Показать ещё</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show more of this answer</source>
        <translation>Показать продолжение ответа</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the next part of this answer (Copy always copies all of it)</source>
        <translation>Показать следующую часть ответа («Копировать» всегда копирует его целиком)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Showing the first {shown} of {total} characters of this answer.</source>
        <translation>Показаны первые {shown} из {total} символов ответа.</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/sidebar.py" line="+69"/>
        <location line="+32"/>
        <source>Conversations</source>
        <translation>Разговоры</translation>
    </message>
    <message>
        <location line="-27"/>
        <location line="+4"/>
        <source>New chat</source>
        <translation>Новый чат</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>Начать новый разговор (Ctrl+N)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Search all messages (Ctrl+F)</source>
        <translation>Поиск по сообщениям (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search all messages</source>
        <translation>Поиск по всем сообщениям</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Down arrow goes to the results, Esc clears the search</source>
        <translation>Стрелка вниз — к результатам, Esc — очистить поиск</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clear the search</source>
        <translation>Очистить поиск</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Arrow keys move, Enter opens, F2 renames, Delete deletes</source>
        <translation>Стрелки — перемещение, Enter — открыть, F2 — переименовать, Delete — удалить</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Search results</source>
        <translation>Результаты поиска</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Arrow keys move, Enter opens the message, Esc closes the search</source>
        <translation>Стрелки — перемещение, Enter — открыть сообщение, Esc — закрыть поиск</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Delete conversation</source>
        <translation>Удалить разговор</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>No messages match “{text}”.</source>
        <translation>Сообщений с «{text}» не найдено.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your conversations will be listed here.</source>
        <translation>Здесь появятся ваши разговоры.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Rename</source>
        <translation>Переименовать</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unpin</source>
        <translation>Открепить</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pin to top</source>
        <translation>Закрепить вверху</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export as Markdown…</source>
        <translation>Экспорт в Markdown…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export as JSON…</source>
        <translation>Экспорт в JSON…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
</context>
<context>
    <name>Sizes</name>
    <message>
        <location filename="../../dynaspark_desktop/core/sizes.py" line="+13"/>
        <source>{size} KB</source>
        <translation>{size} КБ</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>{size} MB</source>
        <translation>{size} МБ</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>over {size}</source>
        <translation>более {size}</translation>
    </message>
</context>
<context>
    <name>StartupFailure</name>
    <message>
        <location filename="../../dynaspark_desktop/error_hooks.py" line="+74"/>
        <source>Dynaspark Desktop could not start because of an unexpected problem. The details are in {log}.</source>
        <translation>Dynaspark Desktop не удалось запустить из-за непредвиденной ошибки. Подробности в {log}.</translation>
    </message>
</context>
<context>
    <name>SystemPromptDialog</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/widgets/system_prompt_dialog.py" line="+17"/>
        <source>Instructions sent with every message of this conversation, e.g. “Answer in French” or “You are a patient maths tutor”. Models that take a system message get it as one; the Dynaspark web service gets it as a “System:” line before the conversation.</source>
        <translation>Инструкции, которые отправляются с каждым сообщением этого разговора, например «Отвечай по-французски» или «Ты терпеливый репетитор по математике». Модели, принимающие системное сообщение, получают их как системное сообщение; веб-сервис Dynaspark — как строку «System:» перед разговором.</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+7"/>
        <source>System prompt</source>
        <translation>Системный промпт</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No system prompt: the model&apos;s own defaults apply.</source>
        <translation>Системного промпта нет: действуют настройки самой модели.</translation>
    </message>
</context>
<context>
    <name>Transcript</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/welcome.py" line="+9"/>
        <source>Ask anything</source>
        <translation>Спросите что угодно</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type a question below, or drop an image anywhere on this window
(or paste one with Ctrl+V) and ask about it.</source>
        <translation>Введите вопрос ниже или перетащите изображение в любое место окна
(или вставьте его через Ctrl+V) и спросите о нём.</translation>
    </message>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/transcript.py" line="+57"/>
        <source>Conversation</source>
        <translation>Разговор</translation>
    </message>
</context>
<context>
    <name>TurnActions</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/turn_actions.py" line="+56"/>
        <location line="+11"/>
        <source>Wait for the current answer, or stop it, before retrying.</source>
        <translation>Дождитесь текущего ответа или остановите его, прежде чем повторять.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>To use it again, copy it from its bubble.</source>
        <translation>Чтобы использовать его снова, скопируйте его из сообщения.</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Editing your question: Enter sends it again. The %n later message(s) stay with the original: switch back with the question&apos;s ‹ ›.</source>
        <translation>
            <numerusform>Редактирование вопроса: Enter отправит его снова. %n следующее сообщение останется с исходным вопросом: вернуться к нему можно кнопками ‹ › у вопроса.</numerusform>
            <numerusform>Редактирование вопроса: Enter отправит его снова. %n следующих сообщения останутся с исходным вопросом: вернуться к нему можно кнопками ‹ › у вопроса.</numerusform>
            <numerusform>Редактирование вопроса: Enter отправит его снова. %n следующих сообщений останутся с исходным вопросом: вернуться к нему можно кнопками ‹ › у вопроса.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Editing your question: Enter sends it again.</source>
        <translation>Редактирование вопроса: Enter отправит его снова.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Wait for the current answer, or stop it, before regenerating.</source>
        <translation>Дождитесь текущего ответа или остановите его, прежде чем отвечать заново.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>There is no answer to regenerate yet.</source>
        <translation>Пока нет ответа, который можно получить заново.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>There is no question to edit yet.</source>
        <translation>Пока нет вопроса, который можно изменить.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wait for the current answer, or stop it, before editing.</source>
        <translation>Дождитесь текущего ответа или остановите его, прежде чем изменять вопрос.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The last answer is on the clipboard.</source>
        <translation>Последний ответ скопирован в буфер обмена.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There is no answer to copy yet.</source>
        <translation>Пока нет ответа, который можно скопировать.</translation>
    </message>
</context>
<context>
    <name>TurnSteps</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/controllers/turn_steps.py" line="+82"/>
        <source>Answered by {model} ({failures})</source>
        <translation>Ответила модель {model} ({failures})</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Only the first of the {count} images, “{name}”, was sent.</source>
        <translation>Отправлено только первое из {count} изображений — «{name}».</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only the first {most} of the {count} images were sent.</source>
        <translation>Отправлены только первые {most} из {count} изображений.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This model may take fewer than the {count} images sent at once: ask again with fewer (the question and its images stay above).</source>
        <translation>Эта модель, возможно, не принимает столько изображений сразу (отправлено: {count}): спросите ещё раз с меньшим числом (вопрос и его изображения остаются выше).</translation>
    </message>
</context>
<context>
    <name>TurnText</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/turn_text.py" line="+28"/>
        <source>{model} · queued</source>
        <translation>{model} · в очереди</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{model} · receiving…</source>
        <translation>{model} · получение…</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+20"/>
        <source>first text {time}</source>
        <translation>первый текст через {time}</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+21"/>
        <source>{rate} tokens/s</source>
        <translation>{rate} токенов/с</translation>
    </message>
    <message>
        <location line="-19"/>
        <location line="+21"/>
        <source>stopped</source>
        <translation>остановлено</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>{model} · earlier answer</source>
        <translation>{model} · прежний ответ</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>earlier answer</source>
        <translation>прежний ответ</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dynaspark API · image</source>
        <translation>Dynaspark API · изображение</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>seed {seed}</source>
        <translation>зерно {seed}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Queued: other answers from this provider come first…</source>
        <translation>В очереди: сначала другие ответы этого провайдера…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waiting for the picture… {time}</source>
        <translation>Ожидание картинки… {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for the answer… {time}</source>
        <translation>Ожидание ответа… {time}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waking the server… {time}
The free service sleeps when idle and can take up to a minute to answer.</source>
        <translation>Пробуждение сервера… {time}
Бесплатный сервис засыпает без нагрузки, и ответ может занять до минуты.</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+2"/>
        <source>{seconds} s</source>
        <translation>{seconds} с</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} мин {seconds} с</translation>
    </message>
</context>
<context>
    <name>TurnWidget</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/transcript/turn_widget.py" line="+55"/>
        <source>Edit</source>
        <translation>Изменить</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit this question and send it again</source>
        <translation>Изменить вопрос и отправить его снова</translation>
    </message>
</context>
<context>
    <name>WindowCommands</name>
    <message>
        <location filename="../../dynaspark_desktop/ui/window/window_commands.py" line="+42"/>
        <source>More actions</source>
        <translation>Другие действия</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ask about the screen…</source>
        <translation>Спросить об экране…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Models and providers…</source>
        <translation>Модели и провайдеры…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System prompt for this conversation…</source>
        <translation>Системный промпт разговора…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Parameters for this conversation…</source>
        <translation>Параметры разговора…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export this conversation as Markdown…</source>
        <translation>Экспорт разговора в Markdown…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export this conversation as JSON…</source>
        <translation>Экспорт разговора в JSON…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export all conversations…</source>
        <translation>Экспорт всех разговоров…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import conversations…</source>
        <translation>Импорт разговоров…</translation>
    </message>
</context>
</TS>
